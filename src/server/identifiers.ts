/**
 * Normalising identifiers, so one person is one user: emails are trimmed with the domain
 * lower-cased (the local part is case-sensitive by RFC 5321, so it is kept); phone numbers become
 * E.164 through libphonenumber-js and must be valid for a country the SMS connection allows.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { E164_PATTERN } from '../protocol/index.js';

/** Control characters, lone surrogates and invisible formatting never belong in an identifier. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/u;

const LONE_SURROGATE = /\p{Cs}/u;

const EMAIL = /^[^\s@]{1,64}@(?=.{1,253}$)[^\s@.]+(\.[^\s@.]+)+$/u;

export function normalizeEmail(raw: string): string | null {
  if (LONE_SURROGATE.test(raw)) return null;
  const value = raw.trim().normalize('NFC');
  if (value.length > 254 || FORBIDDEN.test(value) || !EMAIL.test(value)) return null;
  const at = value.lastIndexOf('@');
  return value.slice(0, at) + '@' + value.slice(at + 1).toLowerCase();
}

export type PhoneResult =
  { ok: true; e164: string; country: string | undefined } | { ok: false; reason: 'format' | 'invalid' | 'country' };

export function normalizePhone(raw: string, allowedCountries?: string[]): PhoneResult {
  const value = raw.trim();
  if (!E164_PATTERN.test(value)) return { ok: false, reason: 'format' };
  const parsed = parsePhoneNumberFromString(value);
  if (!parsed || !parsed.isValid()) return { ok: false, reason: 'invalid' };
  const country = parsed.country;
  if (allowedCountries && allowedCountries.length > 0 && (!country || !allowedCountries.includes(country))) {
    return { ok: false, reason: 'country' };
  }
  return { ok: true, e164: parsed.number, country };
}

/** Shows enough of an identifier for an operator to correlate log lines, no more. */
export function maskIdentifier(identifier: string): string {
  const at = identifier.lastIndexOf('@');
  if (at > 0) return `${identifier[0]}***${identifier.slice(at)}`;
  return identifier.length > 6 ? `${identifier.slice(0, 4)}***${identifier.slice(-2)}` : '***';
}
