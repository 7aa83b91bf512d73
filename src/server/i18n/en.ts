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
  sms: {
    one: '{code} is your {app} verification code. It expires in {minutes} minute.',
    other: '{code} is your {app} verification code. It expires in {minutes} minutes.',
  },
  noAccountSubject: 'Sign-in attempt at {app}',
  noAccountBody:
    'Someone asked to sign in to {app} with this address, but it has no account there. If it was not you, you can ignore this message.',
} satisfies MessageTexts;
