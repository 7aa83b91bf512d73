/** Kept out of the oidc chunk: every page checks its URL, only a redirect page loads the chunk. */

/** True when the URL is a magic-link redirect (`code`+`state`, or `error`+`state`). */
export function isCallbackUrl(url: URL): boolean {
  const q = url.searchParams;
  return q.has('state') && (q.has('code') || q.has('error'));
}
