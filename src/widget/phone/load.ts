/**
 * Loads phone support (./phone-support.ts): a lazy chunk of the ES build. The script-tag build
 * puts ./load.cdn.ts in its place (vite.config.ts), which loads the file beside the script.
 */
import type * as PhoneSupport from './phone-support.js';

export function loadPhoneSupport(): Promise<typeof PhoneSupport> {
  return import('./phone-support.js');
}
