/**
 * Normalising identifiers, so one person is one user: emails take their canonical form (bare
 * addr-spec, NFKC, IDNA domain, lower-case; src/protocol/email.ts); phone numbers become E.164
 * through libphonenumber-js and must be valid for a country the SMS connection allows.
 */
import { createRequire } from 'node:module';
import type { parsePhoneNumberFromString as Parse } from 'libphonenumber-js/max';
import { E164_PATTERN, canonicalEmail } from '../protocol/index.js';

/**
 * libphonenumber-js with its full ("max") metadata, loaded on the first phone number (or at start
 * when a client has the sms connection, see loadPhoneMetadata): ~150 KB of JSON and about 2 MiB of
 * heap that an email-only server never needs. The full set, not "min" or "mobile": telling
 * premium-rate and shared-cost numbers apart (toll fraud) needs the number types only it has.
 * Loaded synchronously (its CommonJS build), so normalizePhone stays a plain function.
 */
let parsePhone: typeof Parse | undefined;
export function loadPhoneMetadata(): typeof Parse {
  return (parsePhone ??= (
    createRequire(import.meta.url)('libphonenumber-js/max') as { parsePhoneNumberFromString: typeof Parse }
  ).parsePhoneNumberFromString);
}

/** See src/protocol/email.ts: a bare addr-spec in its one canonical form, or null. */
export function normalizeEmail(raw: string): string | null {
  return canonicalEmail(raw);
}

export type PhoneResult =
  | { ok: true; e164: string; country: string | undefined }
  | { ok: false; reason: 'format' | 'invalid' | 'country' | 'premium' };

/**
 * Number types that cost the sender or are known SMS-pumping ranges (toll fraud), by
 * libphonenumber's full metadata: premium-rate and shared-cost numbers, and the personal numbers,
 * pagers, VoIP, universal-access and voicemail ranges (UK 070, 076, 056) that forward to whoever
 * rents them. None of them is a phone a person reads codes on.
 */
const PREMIUM_TYPES = new Set(['PREMIUM_RATE', 'SHARED_COST', 'PERSONAL_NUMBER', 'PAGER', 'VOIP', 'UAN', 'VOICEMAIL']);

export interface PhoneRules {
  /** ISO 3166 alpha-2 codes; absent or empty means every country. */
  allowedCountries?: string[];
  /**
   * Premium-rate, shared-cost and non-geographic (satellite, international network) numbers, and
   * the pumping ranges of PREMIUM_TYPES.
   */
  allowPremium?: boolean;
}

export function normalizePhone(raw: string, rules: PhoneRules = {}): PhoneResult {
  const value = raw.trim();
  if (!E164_PATTERN.test(value)) return { ok: false, reason: 'format' };
  const parsed = loadPhoneMetadata()(value);
  if (!parsed || !parsed.isValid()) return { ok: false, reason: 'invalid' };
  const country = parsed.country;
  const allowed = rules.allowedCountries;
  if (allowed && allowed.length > 0 && (!country || !allowed.includes(country))) {
    return { ok: false, reason: 'country' };
  }
  if (!rules.allowPremium && (parsed.isNonGeographic() || PREMIUM_TYPES.has(parsed.getType() ?? ''))) {
    return { ok: false, reason: 'premium' };
  }
  return { ok: true, e164: parsed.number, country };
}

/** Shows enough of an identifier for an operator to correlate log lines, no more. */
export function maskIdentifier(identifier: string): string {
  const at = identifier.lastIndexOf('@');
  if (at > 0) return `${identifier[0]}***${identifier.slice(at)}`;
  return identifier.length > 6 ? `${identifier.slice(0, 4)}***${identifier.slice(-2)}` : '***';
}
