/**
 * Language negotiation and loading for a page that is not in English. A lazy chunk of its own in
 * the ES build (with the table of language chunks), so an English page never downloads it; the
 * localize controller imports it when the page asks for another language.
 */
import { languageChain, negotiateLanguage } from '../../protocol/languages.js';
import type { Messages } from './en.js';
import { loadLanguage, SHIPPED } from './loaders.js';

export { languageChain };

/** Shipped languages whose files have failed to load: they count as missing from then on. */
const failed = new Set<string>();
const loading = new Map<string, Promise<unknown>>();
const files = new Map<string, Promise<Partial<Messages>>>();

export function isShipped(lang: string): boolean {
  return SHIPPED.has(lang) && !failed.has(lang);
}

/** The best of `requested` among the shipped languages and `registered` ones; else `en`. */
export function negotiate(requested: readonly string[], registered: (tag: string) => boolean): string {
  return negotiateLanguage(requested, (tag) => registered(tag) || isShipped(tag));
}

const loaded = new Set<string>(['en']);

/**
 * The shipped files `lang` is made of: its own, then the shipped languages of its chain. A variant
 * holds only what differs from its base (`fr-CA` → `fr`, `es-419` → `es`); the rest comes from the
 * base's file, loaded side by side with it (no extra round trip).
 */
function filesOf(lang: string): string[] {
  return languageChain(lang).filter((tag) => tag !== 'en' && SHIPPED.has(tag));
}

/**
 * Undefined when `lang` can render now; else the promise of its files, loaded once into `catalogs`
 * (strings registered before they arrived win). A failed load leaves the page to its next choice
 * (English at worst).
 */
export function ready(lang: string, catalogs: Map<string, Partial<Messages>>): Promise<unknown> | undefined {
  if (loaded.has(lang) || !isShipped(lang)) return undefined;
  let promise = loading.get(lang);
  if (!promise) {
    const tags = filesOf(lang);
    promise = Promise.all(
      tags.map((tag) => {
        let file = files.get(tag);
        if (!file) files.set(tag, (file = loadLanguage(tag)));
        return file;
      }),
    ).then(
      (all) => {
        tags.forEach((tag, i) => catalogs.set(tag, { ...all[i], ...catalogs.get(tag) }));
        loaded.add(lang);
      },
      () => failed.add(lang),
    );
    loading.set(lang, promise);
  }
  return promise;
}
