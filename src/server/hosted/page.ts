/**
 * The hosted login page: plain HTML that loads the element's script-tag build from this server and
 * renders `<passwordless-login>` for the client, with the pending authorization request passed to
 * it as `transaction`. No inline script or style: the page works under CSP `default-src 'self'`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRtl, type HostedTransaction } from '../../protocol/index.js';
import type { ClientConfig } from '../config.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The Content-Security-Policy of the hosted page (its images: its own and the client's logo). */
export function hostedPageCsp(client: ClientConfig): string {
  const logo = client.logo_uri ? ` ${new URL(client.logo_uri).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self'${logo}`,
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

export interface HostedPageInput {
  issuer: string;
  client: ClientConfig;
  transaction: HostedTransaction;
  /** The element's `connection` attribute (`email`, `sms` or both). */
  connection: string;
  /** BCP 47 tag for `<html lang>` (and `dir`) and the element: a language the element ships. */
  lang: string;
}

export function renderHostedPage(p: HostedPageInput): string {
  const base = p.issuer.replace(/\/$/, '');
  const name = escapeHtml(p.client.name);
  const attrs = [
    `domain="${escapeHtml(base)}"`,
    `client-id="${escapeHtml(p.client.client_id)}"`,
    `connection="${escapeHtml(p.connection)}"`,
    ...(p.transaction.link ? ['send="link"'] : []),
    `lang="${escapeHtml(p.lang)}"`,
    `scope="openid"`,
    `transaction="${escapeHtml(JSON.stringify(p.transaction))}"`,
  ].join(' ');
  return `<!doctype html>
<html lang="${escapeHtml(p.lang)}" dir="${isRtl(p.lang) ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${name}</title>
<link rel="stylesheet" href="${escapeHtml(base)}/authorize/assets/hosted.css">
${p.client.branding ? `<link rel="stylesheet" href="${escapeHtml(base)}/authorize/branding/${encodeURIComponent(p.client.client_id)}.css">\n` : ''}<script src="${escapeHtml(base)}/authorize/assets/passwordless-login.js" defer></script>
</head>
<body>
<main>
${p.client.logo_uri ? `<img class="logo" src="${escapeHtml(p.client.logo_uri)}" alt="">\n` : ''}<h1 class="app-name">${name}</h1>
<passwordless-login ${attrs}></passwordless-login>
</main>
</body>
</html>
`;
}

/** The page's own stylesheet (served as a file: the CSP allows no inline style). */
export const HOSTED_CSS = `:root { color-scheme: light dark; }
body {
  margin: 0;
  min-height: 100vh;
  display: grid;
  place-items: start center;
  font-family: system-ui, sans-serif;
  background: Canvas;
  color: CanvasText;
}
main { width: min(28rem, 100% - 2rem); margin-block: 8vh 2rem; overflow-wrap: anywhere; }
.logo { display: block; max-height: 4rem; max-width: 100%; margin: 0 auto 1rem; }
.app-name { font-size: 1.25rem; font-weight: 600; text-align: center; margin: 0 0 1.5rem; }
passwordless-login { display: block; }
`;

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the server module');
    dir = up;
  }
}

/**
 * Where the element's script-tag build is: dist/cdn of the repository when the server runs from
 * its sources (`npm start`, tests), else that of the `passwordless-login` package the installed
 * `passwordless-login-server` depends on (its `./cdn` export). Null when neither is there.
 */
function cdnDir(): string | null {
  const own = join(packageRoot(), 'dist', 'cdn');
  if (existsSync(own)) return own;
  try {
    return dirname(createRequire(import.meta.url).resolve('passwordless-login/cdn'));
  } catch {
    return null;
  }
}

/**
 * A file of the element's script-tag build (dist/cdn) by name, read on each request so a rebuild
 * shows at once; null when absent (the widget was never built) or not a plain `.js` name.
 */
export function widgetAsset(name: string): Buffer | null {
  // The build's own files only: the entry and its lazy locale chunks (dist/cdn/locales/).
  if (!/^(locales\/)?[\w-]+(\.[\w-]+)*\.js$/.test(name)) return null;
  const dir = cdnDir();
  if (!dir) return null;
  const path = join(dir, name);
  if (!existsSync(path) || !statSync(path).isFile()) return null;
  return readFileSync(path);
}

/** The client's `--pwl-*` overrides as a stylesheet for the element on the hosted page. */
export function brandingCss(client: ClientConfig): string {
  const lines = Object.entries(client.branding ?? {}).map(([name, value]) => `  ${name}: ${value};`);
  return `passwordless-login {\n${lines.join('\n')}\n}\n`;
}
