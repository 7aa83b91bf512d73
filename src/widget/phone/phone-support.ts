/**
 * Phone support, loaded as a lazy chunk (dynamic import) only when `connection` includes sms, so
 * an email-only page never downloads libphonenumber-js or its metadata. Uses the `min`
 * metadata: enough to format as you type, find a pasted number's country and validate.
 */
import {
  AsYouType,
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/min';

export interface CountryOption {
  /** ISO 3166-1 alpha-2. */
  code: string;
  /** Country name in the UI language. */
  name: string;
  callingCode: string;
}

/** Countries for the select, named in `lang`, sorted by name, limited to `allow` when given. */
export function countryOptions(lang: string, allow: readonly string[] = []): CountryOption[] {
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames([lang, 'en'], { type: 'region' });
  } catch {
    names = undefined;
  }
  const allowed = new Set(allow.map((c) => c.toUpperCase()));
  const collator = new Intl.Collator([lang, 'en']);
  return getCountries()
    .filter((code) => allowed.size === 0 || allowed.has(code))
    .map((code) => ({ code, name: names?.of(code) ?? code, callingCode: getCountryCallingCode(code) }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

export function isCountry(code: string): boolean {
  return isSupportedCountry(code.toUpperCase());
}

export interface Typed {
  /** What the field should show. */
  text: string;
  /** The country a `+…` number belongs to, when it can be told already. */
  country?: string;
}

/**
 * Formats what the user typed or pasted. A number starting with `+` is international: its
 * country is detected and the number is shown in that country's national format.
 */
export function formatInput(input: string, country: string): Typed {
  const trimmed = input.trim();
  if (trimmed.startsWith('+') || trimmed.startsWith('00')) {
    const international = trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
    const parsed = parsePhoneNumberFromString(international);
    if (parsed?.country && parsed.isPossible()) {
      return { text: parsed.formatNational(), country: parsed.country };
    }
    const typing = new AsYouType();
    const text = typing.input(international);
    const detected = typing.getCountry();
    return detected ? { text, country: detected } : { text };
  }
  return { text: new AsYouType(country as CountryCode).input(trimmed) };
}

/**
 * The E.164 form of a valid number, or undefined. libphonenumber-js drops the national trunk
 * prefix (the leading 0 in `07400 123456`), so it never ends up inside the E.164 number.
 */
export function toE164(input: string, country: string): string | undefined {
  const trimmed = input.trim();
  const text = trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
  const parsed = parsePhoneNumberFromString(text, country.toUpperCase() as CountryCode);
  if (!parsed || !parsed.isValid()) return undefined;
  return parsed.number;
}

/** Shows a remembered E.164 number in its national format, with its country. */
export function fromE164(e164: string): Typed | undefined {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed?.country) return undefined;
  return { text: parsed.formatNational(), country: parsed.country };
}
