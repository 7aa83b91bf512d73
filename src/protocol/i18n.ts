/**
 * Translatable texts, shared by the element and the API: a text is a string or plural forms, with
 * `{placeholders}` filled in through Intl (plural rules, number format). Which languages ship and
 * how a requested tag finds one of them is in ./languages.ts.
 */

const RTL = /^(ar|he|fa|ur)(-|$)/i;

/** Written right to left (by the language subtag: `ar-EG`, `fa-IR`, …). */
export function isRtl(tag: string): boolean {
  return RTL.test(tag);
}

/** A text with plural forms, picked by `Intl.PluralRules` on its one numeric placeholder. */
export type PluralText = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;
/** A translatable text: a string, or plural forms. Placeholders are `{name}`. */
export type Text = string | PluralText;
export type TextParams = Record<string, string | number>;

const plurals = new Map<string, Intl.PluralRules>();
const numbers = new Map<string, Intl.NumberFormat>();
/** One Intl object per language (`lang` is a valid tag: a negotiated or registered one). */
function cached<T>(cache: Map<string, T>, lang: string, make: (lang: string) => T): T {
  let value = cache.get(lang);
  if (!value) cache.set(lang, (value = make(lang)));
  return value;
}

/**
 * Fills in a text for `lang`: plural forms are chosen by the numeric parameter the text uses, numbers
 * are written with `Intl.NumberFormat`, strings go in as they are. Unknown placeholders stay.
 */
export function formatText(lang: string, text: Text, params: TextParams = {}): string {
  let template: string;
  if (typeof text === 'string') template = text;
  else {
    const name = Object.keys(params).find((k) => typeof params[k] === 'number' && text.other.includes(`{${k}}`));
    const n = name ? (params[name] as number) : 0;
    template = text[cached(plurals, lang, (l) => new Intl.PluralRules(l)).select(n)] ?? text.other;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = params[name]!;
    return typeof value === 'number' ? cached(numbers, lang, (l) => new Intl.NumberFormat(l)).format(value) : value;
  });
}
