/**
 * The one email rule, shared by the widget (before sending) and the server (before anything else):
 * a bare addr-spec only (RFC 5321 `Mailbox` with a dot-atom local part), never a display name,
 * comment, angle brackets, quotes or a domain literal, because mail libraries read those forms as
 * a different recipient than the text suggests. The canonical form is NFKC, the domain in IDNA
 * ASCII form (UTS #46 through the platform's URL parser, the same in Node and every browser),
 * everything lower-case. That one string is the user key, the rate-limit key, the SMTP recipient
 * and the `email` claim.
 */

/** atext of RFC 5322 plus any letter, mark or number (RFC 6531 allows UTF-8 local parts). */
const ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~\\p{L}\\p{M}\\p{N}-]+";
const LOCAL_PART = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`, 'u');
/** Letters, marks, digits, hyphens and the dots UTS #46 maps to a full stop. */
const DOMAIN_INPUT = /^[\p{L}\p{M}\p{N}.\u3002\uff0e\uff61-]+$/u;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** A top-level label has a letter (so no IPv4 address, whatever way it is written). */
const TLD = /^(?:[a-z][a-z0-9-]*|xn--[a-z0-9-]+)$/;

const encoder = new TextEncoder();
const utf8Length = (s: string) => encoder.encode(s).length;

/** The canonical form of an email address, or null when it is not a bare, deliverable addr-spec. */
export function canonicalEmail(raw: string): string | null {
  if (raw.length > 512 || /\p{Cs}/u.test(raw)) return null;
  const value = raw.trim().normalize('NFKC').toLowerCase();
  const at = value.lastIndexOf('@');
  if (at < 1) return null;
  const local = value.slice(0, at);
  const domainInput = value.slice(at + 1);
  if (utf8Length(local) > 64 || !LOCAL_PART.test(local)) return null;
  if (!DOMAIN_INPUT.test(domainInput)) return null;
  let domain: string;
  try {
    domain = new URL(`http://${domainInput}/`).hostname;
  } catch {
    return null;
  }
  const labels = domain.split('.');
  if (labels.length < 2 || domain.length > 253) return null;
  if (!labels.every((l) => LABEL.test(l)) || !TLD.test(labels[labels.length - 1]!)) return null;
  const email = `${local}@${domain}`;
  return utf8Length(email) > 254 ? null : email;
}
