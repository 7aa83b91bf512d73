import type { Text } from '../../protocol/i18n.js';
import type { enPasskeys } from './en-passkeys.js';

/**
 * Every user-visible string, in English: the built-in language and the reference every other
 * language in ./locales/ translates (same keys, same `{placeholders}`). Templates never hold
 * text: they ask the localize controller for a key. A text is a string or plural forms (chosen by
 * `Intl.PluralRules` on its numeric placeholder); numbers are written with `Intl.NumberFormat`.
 */
export const en = {
  title: 'Sign in',
  switchLegend: 'Sign in with',
  useEmail: 'Use email',
  usePhone: 'Use phone',
  emailLabel: 'Email',
  emailHint: 'We will send you a one-time code.',
  emailHintLink: 'We will send you a sign-in link.',
  phoneLabel: 'Phone number',
  phoneHint: 'We will text you a one-time code.',
  countryLabel: 'Country',
  countryOption: '{name} (+{callingCode})',
  codeLabel: 'Verification code',
  sendCode: 'Send code',
  sendLink: 'Send link',
  sending: 'Sending…',
  codeSent: 'We sent a {digits}-digit code to {to}.',
  linkSent: 'Check your email. We sent a sign-in link to {to}. Open it in this browser.',
  enterCodeInstead: 'Enter the code instead',
  verify: 'Verify',
  verifying: 'Checking your code…',
  resendCode: 'Send a new code',
  resendLink: 'Send a new link',
  resendIn: {
    one: 'You can ask for a new one in {seconds} second.',
    other: 'You can ask for a new one in {seconds} seconds.',
  },
  resent: 'We sent a new one to {to}.',
  /** Said when the resend countdown, or a 429's wait, is over. */
  askAgain: 'You can ask again now.',
  change: 'Use a different email or number',
  rememberedHint: 'Last used on this device.',
  done: 'You are signed in.',
  callbackWorking: 'Signing you in…',
  retry: 'Try again',
  startOver: 'Start over',
  // errors
  invalidEmail: 'Enter a valid email address, like name@example.com.',
  invalidPhone: 'Enter a valid phone number for the selected country.',
  invalidCode: 'Enter the {digits}-digit code.',
  wrongCode: 'That code is not right. Check it and try again.',
  expiredCode: 'This code has expired or was already used. Ask for a new one.',
  tooManyAttempts: 'Too many wrong tries for this code. Ask for a new one.',
  accountBlocked: 'This account is blocked.',
  rateLimited: 'Too many requests. Wait a little, then try again.',
  rateLimitedFor: {
    one: 'Too many requests. Try again in {seconds} second.',
    other: 'Too many requests. Try again in {seconds} seconds.',
  },
  providerError: 'We could not send the message just now. Try again in a moment.',
  badIdentifierEmail: 'This email address cannot receive codes. Check it and try again.',
  badIdentifierPhone: 'This phone number cannot receive codes. Check it and try again.',
  networkError: 'We cannot reach the sign-in server. Check your connection and try again.',
  offline: 'You are offline. Reconnect, then try again.',
  serverError: 'Something went wrong on our side. Try again in a moment.',
  invalidResponse: 'The sign-in server sent an answer we do not understand. Try again later.',
  misconfigured: 'This sign-in form is not set up correctly. Please tell the site owner.',
  linkStateMissing:
    'This link was opened in a different browser or device. Open it in the browser where you asked for it, or type the code from the same email there.',
  linkExpired: 'This link has expired or was already used.',
  linkFailed: 'We could not sign you in with this link.',
  passkeySignIn: 'Sign in with a passkey',
  passkeyCancelled: 'No passkey was used. Try again or use a code.',
  passkeyNotAllowed: 'Passkeys are not allowed on this page. Use a code.',
  passkeyFailed: 'That passkey did not work. Use a code.',
} satisfies Record<string, Text>;

/** Every key: these and the passkey chunk's (./en-passkeys.ts). */
export type MessageKey = keyof typeof en | keyof typeof enPasskeys;
/** Every key's text in one language (a string, or plural forms). */
export type Messages = Record<MessageKey, Text>;
