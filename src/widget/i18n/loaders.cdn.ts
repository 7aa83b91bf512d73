/**
 * How the script-tag build loads a language: `locales/<lang>.js` beside the script itself
 * (dist/cdn/locales/ar.js next to dist/cdn/passwordless-login.js), found from the script's own URL,
 * so it works self-hosted under `default-src 'self'` and from unpkg or jsdelivr alike. The files
 * are ES modules (`export default {…}`), imported with `import()`, which a classic script may use;
 * a nonce-based CSP passes the script's nonce on to what it imports. vite.config.ts puts this
 * module in place of ./loaders.ts in the script-tag build and writes the files.
 */
import { LANGUAGES } from '../../protocol/languages.js';
import { besideScript } from '../script-url.cdn.js';
import type { Messages } from './en.js';

/** The languages that ship, English included. */
export const SHIPPED: ReadonlySet<string> = new Set(LANGUAGES);

/** Rejects (never throws) when the file cannot be had, e.g. a script inlined into about:blank. */
export function loadLanguage(lang: string): Promise<Partial<Messages>> {
  return Promise.resolve()
    .then(() => import(/* @vite-ignore */ besideScript(`locales/${lang}.js`)))
    .then((m: { default: Partial<Messages> }) => m.default);
}
