/**
 * Language negotiation and loading for a page that is not in English. A lazy chunk of its own in
 * the ES build (with the table of language chunks), so an English page never downloads it; the
 * localize controller imports it when the page asks for another language.
 */
import { languageChain, negotiateLanguage } from '../../protocol/languages.js';
import type { Messages } from './en.js';
import { loadLanguage, SHIPPED } from './loaders.js';

export { languageChain };

/** Shipped languages whose file has failed to load: they count as missing from then on. */
const failed = new Set<string>();
const loading = new Map<string, Promise<unknown>>();

export function isShipped(lang: string): boolean {
  return SHIPPED.has(lang) && !failed.has(lang);
}

/** The best of `requested` among the shipped languages and `registered` ones; else `en`. */
export function negotiate(requested: readonly string[], registered: (tag: string) => boolean): string {
  return negotiateLanguage(requested, (tag) => registered(tag) || isShipped(tag));
}

const loaded = new Set<string>(['en']);

/**
 * Undefined when `lang` can render now; else the promise of its file, loaded once into `catalogs`
 * (strings registered before it arrived win). A failed load leaves the page to its next choice
 * (English at worst).
 */
export function ready(lang: string, catalogs: Map<string, Partial<Messages>>): Promise<unknown> | undefined {
  if (loaded.has(lang) || !isShipped(lang)) return undefined;
  let promise = loading.get(lang);
  if (!promise) {
    promise = loadLanguage(lang).then(
      (messages) => {
        catalogs.set(lang, { ...messages, ...catalogs.get(lang) });
        loaded.add(lang);
      },
      () => failed.add(lang),
    );
    loading.set(lang, promise);
  }
  return promise;
}
