/**
 * How the script-tag build loads phone support: `phone-support.js` beside the script itself
 * (dist/cdn/phone-support.js, an ES module with libphonenumber-js and its metadata), found from
 * the script's own URL like the language files, so a page without sms never downloads, parses or
 * runs it, self-hosted under `default-src 'self'` and from unpkg or jsdelivr alike. vite.config.ts
 * puts this module in place of ./load.ts in the script-tag build and writes the file.
 */
import { besideScript } from '../script-url.cdn.js';
import type * as PhoneSupport from './phone-support.js';

export function loadPhoneSupport(): Promise<typeof PhoneSupport> {
  return Promise.resolve().then(
    () => import(/* @vite-ignore */ besideScript('phone-support.js')) as Promise<typeof PhoneSupport>,
  );
}
