/** What every demo page needs to know, read from the page's own markup (no inline script). */

/** The API's base URL: `npm start` writes it into `<meta name="pwl-api-url">`. */
export const apiUrl =
  document.querySelector<HTMLMetaElement>('meta[name="pwl-api-url"]')?.content ?? 'http://127.0.0.1:3000';

/** The dev server's default client (see the server's dev defaults). */
export const clientId = 'demo';
