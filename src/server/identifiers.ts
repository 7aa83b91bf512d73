/**
 * Normalising identifiers, so one person is one user: emails take their canonical form (bare
 * addr-spec, NFKC, IDNA domain, lower-case; src/protocol/email.ts); phone numbers become E.164
 * through libphonenumber-js and must be valid for a country the SMS connection allows.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { E164_PATTERN, canonicalEmail } from '../protocol/index.js';

/** See src/protocol/email.ts: a bare addr-spec in its one canonical form, or null. */
export function normalizeEmail(raw: string): string | null {
  return canonicalEmail(raw);
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
