import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Your {app} verification code: {code}',
  emailIntro: 'Use this code to sign in to {app}:',
  emailCodeLine: { one: 'The code expires in {minutes} minute.', other: 'The code expires in {minutes} minutes.' },
  emailLinkIntro: 'Or sign in with one click:',
  emailLinkButton: 'Sign in to {app}',
  emailLinkExpiry: {
    one: 'The link works for {link_minutes} minute, once, in the browser where you asked for it.',
    other: 'The link works for {link_minutes} minutes, once, in the browser where you asked for it.',
  },
  emailIgnore: 'If you did not ask to sign in, you can ignore this message.',
  emailWhy: 'You received this email because someone entered this address to sign in to {app}.',
  emailLinkFallback: 'If the button does not work, copy this address into your browser:',
  sms: {
    one: '{code} is your {app} verification code. It expires in {minutes} minute.',
    other: '{code} is your {app} verification code. It expires in {minutes} minutes.',
  },
  smsShort: 'Your {app} code: {code}',
  noAccountSubject: 'Sign-in attempt at {app}',
  noAccountBody:
    'Someone asked to sign in to {app} with this address, but it has no account there. If it was not you, you can ignore this message.',
  pageInvalidLinkTitle: 'Invalid sign-in link',
  pageInvalidLinkMessage:
    'This sign-in link is not valid for this application. Ask for a new one where you started signing in.',
  pageLinkExpiredTitle: 'Sign-in link expired',
  pageLinkExpiredMessage:
    'This sign-in link has expired or its sign-in is already finished. Go back to the application and sign in again.',
  pageSignOutTitle: 'Sign out?',
  pageSignOutByApp: '{client} asks to sign you out of {site}. You will have to sign in again next time.',
  pageSignOutByPage: 'A page asks to sign you out of {site}. If you did not mean to sign out, close this page.',
  pageSignOutButton: 'Sign out',
  pageSupportLink: 'Help',
  pagePrivacyLink: 'Privacy',
  pageTermsLink: 'Terms',
  pageSignedOutTitle: 'Signed out',
  pageSignedOutHeading: 'You are signed out',
  pageSignedOutMessage: 'You can close this page.',
  pageSignOutRefusedTitle: 'Sign-out request refused',
  pageSignOutExpired: 'This sign-out page has expired or was not opened in this browser. Nothing was changed.',
} satisfies MessageTexts;
