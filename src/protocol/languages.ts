/**
 * Which languages the element and the server's email/SMS texts ship in, and how a requested
 * BCP 47 tag finds one of them: the same rule on both sides (the element sends its choice as
 * `x-request-language`), so the email arrives in the element's language.
 */

/** Every language the element and the server's email/SMS texts ship in. */
export const LANGUAGES = [
  'ar', 'bg', 'bn', 'ca', 'cs', 'da', 'de', 'el', 'en', 'es', 'es-419', 'et', 'fa', 'fi', 'fil', 'fr',
  'fr-CA', 'he', 'hi', 'hr', 'hu', 'id', 'is', 'it', 'ja', 'ko', 'lt', 'lv', 'ms', 'nb', 'nl', 'pl',
  'pt-BR', 'pt-PT', 'ro', 'ru', 'sk', 'sl', 'sr', 'sv', 'sw', 'ta', 'th', 'tr', 'uk', 'ur', 'vi',
  'zh-CN', 'zh-TW',
] as const; // prettier-ignore

export type Language = (typeof LANGUAGES)[number];

/** Spanish-speaking Latin America and the US, whose shared Spanish is `es-419`. */
const LATAM = /^(419|AR|BO|CL|CO|CR|CU|DO|EC|GT|HN|MX|NI|PA|PE|PR|PY|SV|US|UY|VE)$/;

/**
 * The tags to try for one requested tag, best first, without `en` (the caller's last resort):
 * the tag itself, the shipped variant it belongs to (`pt` and `pt-BR` → `pt-BR`, `pt-AO` → `pt-PT`,
 * `es-MX` → `es-419`, `zh-HK` → `zh-TW`, `no` → `nb`), then its bare language (`pt-BR` → `pt`,
 * which a `registerMessages('pt', …)` may have added). Invalid tags give nothing.
 */
export function languageChain(requested: string): string[] {
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(requested.trim());
  } catch {
    return [];
  }
  const base = locale.language;
  let full: Intl.Locale;
  try {
    full = locale.maximize();
  } catch {
    full = locale;
  }
  const region = full.region ?? '';
  const variant =
    base === 'zh'
      ? full.script === 'Hant'
        ? 'zh-TW'
        : 'zh-CN'
      : base === 'pt'
        ? region === 'BR'
          ? 'pt-BR'
          : 'pt-PT'
        : base === 'es'
          ? LATAM.test(locale.region ?? '')
            ? 'es-419'
            : 'es'
          : base === 'fr'
            ? region === 'CA'
              ? 'fr-CA'
              : 'fr'
            : base === 'no' || base === 'nn'
              ? 'nb'
              : base === 'tl'
                ? 'fil'
                : base;
  const exact = locale.region ? `${base}-${locale.region}` : base;
  return [...new Set([exact, variant, base])];
}

/**
 * The first of `requested` (best first) that `has` accepts, through each tag's chain; else `en`.
 * `has` gets the tags as spelt in LANGUAGES (`pt-BR`), or lower-cased bare languages.
 */
export function negotiateLanguage(requested: Iterable<string>, has: (tag: string) => boolean): string {
  for (const tag of requested) {
    for (const candidate of languageChain(tag)) if (has(candidate)) return candidate;
  }
  return 'en';
}
