/** OAuth scopes (RFC 6749 §3.3): the one pattern of a scope token, and the sign-in's scope. */

/** One scope token: printable ASCII without space, `"` or `\`, at most 100 characters. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,100}$/;

export const isScopeToken = (token: string): boolean => SCOPE_TOKEN.test(token);

/** Validates an OAuth scope string and makes sure `openid` is in it. Returns null when malformed. */
export function normalizeScope(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return 'openid';
  const parts = raw.trim().split(/ +/);
  if (parts.length > 30 || !parts.every(isScopeToken)) return null;
  const set = new Set(parts);
  set.delete('openid');
  return ['openid', ...set].join(' ');
}
