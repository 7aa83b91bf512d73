/**
 * The hosted login page: plain HTML that loads the element's script-tag build from this server and
 * renders `<passwordless-login>` for the client, with the pending authorization request passed to
 * it as `transaction`. No inline script or style: the page works under CSP `default-src 'self'`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import type { ResolvedBranding } from '../../protocol/branding.js';
import { isRtl, type HostedTransaction } from '../../protocol/index.js';
import { DEFAULT_PAGE_BACKGROUND, DEFAULT_PRIMARY, isDark, mix, readableOn, textOn } from '../branding.js';
import type { ClientConfig } from '../config.js';
import { escapeHtml } from '../escape-html.js';
import { pageText } from '../messages.js';

/** Origins of the branding's remote files that the page may load (logo, favicon, font). */
const originOf = (url: string | undefined) => (url ? ` ${new URL(url).origin}` : '');

/**
 * The Content-Security-Policy of the hosted page: its own files, and the branding's logo and
 * favicon (img-src) and font (font-src).
 */
export function hostedPageCsp(client: ClientConfig, branding?: ResolvedBranding): string {
  const logo = branding ? branding.logoUrl : client.logo_uri;
  const images = [...new Set([originOf(logo), originOf(branding?.faviconUrl)].filter(Boolean))].join('');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self'${images}`,
    `font-src 'self'${originOf(branding?.fontUrl)}`,
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
  /** What the page is drawn with (src/server/branding.ts); without, the client's own name and logo. */
  branding?: ResolvedBranding;
}

/** The branding of a client that nobody branded: its name and logo, the default colours. */
function plainBranding(client: ClientConfig): ResolvedBranding {
  return {
    appName: client.name,
    primaryColor: DEFAULT_PRIMARY,
    pageBackground: DEFAULT_PAGE_BACKGROUND,
    ...(client.logo_uri ? { logoUrl: client.logo_uri } : {}),
  };
}

/**
 * The page's one stylesheet, per client and versioned by its content: the page is never cached
 * (no-store), so a branding change reaches the next page, while the sheet itself may be.
 */
export function stylesheetHref(base: string, client: ClientConfig, css: string): string {
  const version = createHash('sha256').update(css).digest('base64url').slice(0, 12);
  return `${base}/authorize/branding/${encodeURIComponent(client.client_id)}.css?v=${version}`;
}

function linksOf(b: ResolvedBranding, lang: string): string {
  const links = [
    [b.supportUrl, 'pageSupportLink'],
    [b.privacyUrl, 'pagePrivacyLink'],
    [b.termsUrl, 'pageTermsLink'],
  ] as const;
  const items = links
    .filter(([url]) => url)
    .map(
      ([url, key]) =>
        `<li><a href="${escapeHtml(url!)}" target="_blank" rel="noopener noreferrer">${escapeHtml(pageText(lang, key))}</a></li>`,
    );
  return items.length > 0 ? `<footer><ul class="links">${items.join('')}</ul></footer>\n` : '';
}

export function renderHostedPage(p: HostedPageInput): string {
  const base = p.issuer.replace(/\/$/, '');
  const b = p.branding ?? plainBranding(p.client);
  const name = escapeHtml(b.appName);
  const attrs = [
    `domain="${escapeHtml(base)}"`,
    `client-id="${escapeHtml(p.client.client_id)}"`,
    `connection="${escapeHtml(p.connection)}"`,
    ...(p.transaction.link ? ['send="link"'] : []),
    `lang="${escapeHtml(p.lang)}"`,
    `scope="openid"`,
    `transaction="${escapeHtml(JSON.stringify(p.transaction))}"`,
  ].join(' ');
  const css = stylesheetHref(base, p.client, brandingCss(p.client, b));
  const favicon = b.faviconUrl ? `<link rel="icon" href="${escapeHtml(b.faviconUrl)}">\n` : '';
  return `<!doctype html>
<html lang="${escapeHtml(p.lang)}" dir="${isRtl(p.lang) ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>${name}</title>
${favicon}<link rel="stylesheet" href="${escapeHtml(css)}">
<script src="${escapeHtml(base)}/authorize/assets/passwordless-login.js" defer></script>
</head>
<body>
<main>
${b.logoUrl ? `<img class="logo" src="${escapeHtml(b.logoUrl)}" alt="">\n` : ''}<h1 class="app-name">${name}</h1>
<passwordless-login ${attrs}></passwordless-login>
${linksOf(b, p.lang)}</main>
</body>
</html>
`;
}

/**
 * The page's layout (served as a file: the CSP allows no inline style). The branding's colours come
 * after it in the same sheet (brandingCss); alone, it is the system's light or dark canvas.
 */
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
passwordless-login { display: block; margin-inline: auto; }
.links {
  display: flex;
  flex-wrap: wrap;
  justify-content: center;
  gap: 0.5rem 1.5rem;
  list-style: none;
  margin: 2rem 0 0;
  padding: 0;
  font-size: 0.875rem;
}
.links a { color: inherit; text-underline-offset: 0.2em; }
.links a:hover { text-decoration-thickness: 2px; }
.links a:focus-visible { outline: 2px solid currentColor; outline-offset: 2px; border-radius: 2px; }
`;

/** The dark side of the brand's page: its own colour when it is dark already, else a dark tint of it. */
const DARK_BASE = '#121316';
const LIGHT_TEXT = '#eceef2';
const DARK_TEXT = '#1a1c20';

/** A CSS string literal (the URL is an https URL already; quotes and backslashes escaped anyway). */
const cssString = (s: string) => `"${s.replace(/["\\\n]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;

/**
 * The client's whole stylesheet: the page's layout, then the branding: page background, text,
 * font, the element's `--pwl-*` colours (the brand's primary, and the text that reads on it), the
 * client's own `--pwl-*` overrides, and the same for a dark colour scheme.
 */
export function brandingCss(client: ClientConfig, b: ResolvedBranding = plainBranding(client)): string {
  // Made once per distinct branding (the colour arithmetic costs a few hundred microseconds).
  const key = JSON.stringify([b, client.branding ?? null]);
  let css = sheets.get(key);
  if (css === undefined) {
    css = makeBrandingCss(client, b);
    if (sheets.size >= MAX_SHEETS) sheets.delete(sheets.keys().next().value!);
    sheets.set(key, css);
  }
  return css;
}

/** Stylesheets made lately, by their inputs (oldest first): about one per client. */
const sheets = new Map<string, string>();
const MAX_SHEETS = 256;

function makeBrandingCss(client: ClientConfig, b: ResolvedBranding): string {
  const lightBg = b.pageBackground;
  const darkBg = isDark(lightBg) ? mix(lightBg, '#000000', 0.85) : mix(lightBg, DARK_BASE, 0.08);
  // The element's own palette, light and dark, unless the brand has a primary colour of its own.
  const branded = b.primaryColor !== DEFAULT_PRIMARY;
  const dark = readableOn(b.primaryColor, darkBg);
  const primary = branded
    ? `  --pwl-color-primary: ${b.primaryColor};\n  --pwl-color-primary-text: ${textOn(b.primaryColor)};\n`
    : '';
  const darkPrimary = branded
    ? `  passwordless-login {\n    --pwl-color-primary: ${dark};\n    --pwl-color-primary-text: ${textOn(dark)};\n  }\n`
    : '';
  const font = b.fontUrl ? `"pwl-brand", ` : '';
  // The client's own properties; its primary colour is written above already (with its text colour).
  const own = Object.entries(client.branding ?? {})
    .filter(([name, value]) => !(name === '--pwl-color-primary' && value.trim() === b.primaryColor))
    .map(([name, value]) => `  ${name}: ${value};`);
  return `${HOSTED_CSS}
/* Branding (src/server/branding.ts) */
${b.fontUrl ? `@font-face { font-family: "pwl-brand"; src: url(${cssString(b.fontUrl)}); font-display: swap; }\n` : ''}body {
  background: ${lightBg};
  color: ${isDark(lightBg) ? LIGHT_TEXT : DARK_TEXT};
  font-family: ${font}system-ui, sans-serif;
}
passwordless-login {
${primary}${font ? `  --pwl-font-family: ${font}system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;\n` : ''}${own.join('\n')}${own.length ? '\n' : ''}}
@media (prefers-color-scheme: dark) {
  body { background: ${darkBg}; color: ${LIGHT_TEXT}; }
${darkPrimary}}
`;
}

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
 * Where a file of the element's script-tag build (dist/cdn) would be, by name: the folder is looked
 * up on each request so a rebuild shows at once; null when there is no build or the name is not a
 * plain `.js` name. Whether the file is there is for the one who reads it (assets.ts, @fastify/send).
 */
export function widgetAssetFile(name: string): { root: string; file: string } | null {
  // The build's own files only: the entry and its lazy locale chunks (dist/cdn/locales/).
  if (!/^(locales\/)?[\w-]+(\.[\w-]+)*\.js$/.test(name)) return null;
  const dir = cdnDir();
  if (!dir) return null;
  return { root: dir, file: name };
}
