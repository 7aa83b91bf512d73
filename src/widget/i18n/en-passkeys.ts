import type { Text } from '../../protocol/i18n.js';

/**
 * English strings that only the passkey chunk shows (autofill's and the save offer's): they ship in
 * that chunk, which registers them for `en` when it loads, so the first load does not carry them
 * (its 15 kB budget). Every other language has them in its own file, like every other key.
 */
export const enPasskeys = {
  passkeyTimedOut: 'The passkey request timed out. Try again or use a code.',
  passkeyOffer: 'Sign in faster next time: save a passkey on this device.',
  passkeySave: 'Save a passkey',
  passkeyNotNow: 'Not now',
  passkeySaved: 'Passkey saved. Next time, sign in with it.',
  passkeyNotSaved: 'The passkey was not saved. You are still signed in.',
  passkeyExists: 'This device already has a passkey for this account.',
} satisfies Record<string, Text>;
