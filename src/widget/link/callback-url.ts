/** Kept out of the oidc chunk: every page checks its URL, only a redirect page loads the chunk. */

/** True when the URL is a magic-link redirect (`code`+`state`, or `error`+`state`). */
export function isCallbackUrl(url: URL): boolean {
  const q = url.searchParams;
  return q.has('state') && (q.has('code') || q.has('error'));
}

/** The URL without the redirect's parameters, for `history.replaceState`. */
export function withoutCallbackParams(url: URL): string {
  const clean = new URL(url.href);
  for (const name of ['code', 'state', 'error', 'error_description', 'iss', 'session_state']) {
    clean.searchParams.delete(name);
  }
  return clean.pathname + clean.search + clean.hash;
}

/** The default redirect URI: this page, without query and hash. */
export function currentPageUri(): string {
  return location.origin + location.pathname;
}
