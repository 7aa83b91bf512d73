/**
 * How the ES build loads a language: one lazy chunk per language (`chunks/locales/ar.js`, …), so a
 * page downloads only the one it shows. English is built into the element and is not here. This
 * table itself is only loaded for a page that is not in English (it is part of ./runtime.ts's
 * chunk). The script-tag build swaps this module for ./loaders.cdn.ts (see vite.config.ts).
 */
import type { Messages } from './en.js';

type Loader = () => Promise<{ default: Partial<Messages> }>;

const LOADERS: Record<string, Loader> = {
  ar: () => import('./locales/ar.js'),
  bg: () => import('./locales/bg.js'),
  bn: () => import('./locales/bn.js'),
  ca: () => import('./locales/ca.js'),
  cs: () => import('./locales/cs.js'),
  da: () => import('./locales/da.js'),
  de: () => import('./locales/de.js'),
  el: () => import('./locales/el.js'),
  es: () => import('./locales/es.js'),
  'es-419': () => import('./locales/es-419.js'),
  et: () => import('./locales/et.js'),
  fa: () => import('./locales/fa.js'),
  fi: () => import('./locales/fi.js'),
  fil: () => import('./locales/fil.js'),
  fr: () => import('./locales/fr.js'),
  'fr-CA': () => import('./locales/fr-CA.js'),
  he: () => import('./locales/he.js'),
  hi: () => import('./locales/hi.js'),
  hr: () => import('./locales/hr.js'),
  hu: () => import('./locales/hu.js'),
  id: () => import('./locales/id.js'),
  is: () => import('./locales/is.js'),
  it: () => import('./locales/it.js'),
  ja: () => import('./locales/ja.js'),
  ko: () => import('./locales/ko.js'),
  lt: () => import('./locales/lt.js'),
  lv: () => import('./locales/lv.js'),
  ms: () => import('./locales/ms.js'),
  nb: () => import('./locales/nb.js'),
  nl: () => import('./locales/nl.js'),
  pl: () => import('./locales/pl.js'),
  'pt-BR': () => import('./locales/pt-BR.js'),
  'pt-PT': () => import('./locales/pt-PT.js'),
  ro: () => import('./locales/ro.js'),
  ru: () => import('./locales/ru.js'),
  sk: () => import('./locales/sk.js'),
  sl: () => import('./locales/sl.js'),
  sr: () => import('./locales/sr.js'),
  sv: () => import('./locales/sv.js'),
  sw: () => import('./locales/sw.js'),
  ta: () => import('./locales/ta.js'),
  th: () => import('./locales/th.js'),
  tr: () => import('./locales/tr.js'),
  uk: () => import('./locales/uk.js'),
  ur: () => import('./locales/ur.js'),
  vi: () => import('./locales/vi.js'),
  'zh-CN': () => import('./locales/zh-CN.js'),
  'zh-TW': () => import('./locales/zh-TW.js'),
};

/** The languages that ship, English included. */
export const SHIPPED: ReadonlySet<string> = new Set(['en', ...Object.keys(LOADERS)]);

export function loadLanguage(lang: string): Promise<Partial<Messages>> {
  const loader = Object.hasOwn(LOADERS, lang) ? LOADERS[lang] : undefined;
  return loader ? loader().then((m) => m.default) : Promise.reject(new Error(`no language ${lang}`));
}
