/**
 * `npm run screenshots:emails`: pictures of the built-in HTML emails, light and dark, made by
 * headless Chromium (scripts/lib/chromium.mjs) into docs/emails/. The emails are composed as the
 * server composes them (src/server/messages.ts) for an example application with a logo and a
 * brand colour; the logo's request is answered here, so nothing leaves the machine.
 *
 *   docs/emails/{code,link,notice}-{light,dark}.png   English
 *   docs/emails/link-ar-{light,dark}.png              Arabic, right to left
 *   docs/emails/code-ja-light.png                     Japanese
 *   docs/emails/preview-page.png                      the dev preview page (/dev/emails) of a server
 *                                                     started here on a loopback port
 */
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './lib/chromium.mjs';
import { composeMessage } from '../src/server/messages.js';
import type { ResolvedBranding } from '../src/protocol/branding.js';
import { buildApp } from '../src/server/app.js';
import { parseConfig } from '../src/server/config.js';
import { SqliteStore } from '../src/server/store/sqlite.js';

const out = resolve(fileURLToPath(new URL('..', import.meta.url)), 'docs/emails');
const LOGO = 'https://cdn.acme.example/logo.svg';
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="150" height="40" viewBox="0 0 150 40">
<rect x="0" y="2" width="36" height="36" rx="9" fill="#0f766e"/><path d="M9 29 18 10l9 19h-5l-4-9-4 9z" fill="#fff"/>
<text x="46" y="28" font-family="DejaVu Sans, sans-serif" font-size="22" font-weight="700" fill="#0f766e">Acme</text></svg>`;

const branding: ResolvedBranding = {
  appName: 'Acme',
  logoUrl: LOGO,
  primaryColor: '#0f766e',
  pageBackground: '#eef4f3',
};
const base = {
  to: 'ada@example.com',
  client_id: 'acme',
  appName: 'Acme',
  branding,
  channel: 'email' as const,
  codeTtlSeconds: 300,
  linkTtlSeconds: 900,
  originHost: null,
};
const link = 'https://login.acme.example/passwordless/verify_redirect?verification_code=Qm9vaDd4&state=7f3a';

const shots: [name: string, html: string, schemes: ('light' | 'dark')[]][] = [
  ['code', composeMessage({ ...base, locale: 'en', code: '482913' }).html!, ['light', 'dark']],
  ['link', composeMessage({ ...base, locale: 'en', code: '482913', link }).html!, ['light', 'dark']],
  ['notice', composeMessage({ ...base, locale: 'en', code: null }).html!, ['light', 'dark']],
  ['link-ar', composeMessage({ ...base, locale: 'ar', code: '482913', link }).html!, ['light', 'dark']],
  ['code-ja', composeMessage({ ...base, locale: 'ja', code: '482913' }).html!, ['light']],
];

await mkdir(out, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  for (const [name, html, schemes] of shots) {
    for (const colorScheme of schemes) {
      const context = await browser.newContext({ viewport: { width: 600, height: 400 }, colorScheme });
      const page = await context.newPage();
      // The logo is the one remote resource; every other request would be a defect, so it fails.
      await page.route('**/*', (route) =>
        route.request().url() === LOGO
          ? route.fulfill({ contentType: 'image/svg+xml', body: LOGO_SVG })
          : route.abort(),
      );
      await page.setContent(html, { waitUntil: 'load' });
      await page.screenshot({ path: join(out, `${name}-${colorScheme}.png`), fullPage: true });
      await context.close();
    }
  }
  // The preview page of a server with one client. Its frames are sandboxed (Chromium isolates
  // them, and routing does not see their requests), so the logo comes from a loopback server.
  const logoServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(LOGO_SVG));
  await new Promise<void>((ready) => logoServer.listen(0, '127.0.0.1', ready));
  const localLogo = `http://127.0.0.1:${(logoServer.address() as AddressInfo).port}/logo.svg`;
  const app = await buildApp({
    config: parseConfig({
      secret: 'screenshots-secret-screenshots-secret',
      store: { type: 'sqlite', path: ':memory:' },
      log_level: 'warn',
      clients: [{ client_id: 'acme', name: 'Acme', logo_uri: localLogo, allowed_origins: ['http://localhost:5173'] }],
      email: { provider: 'outbox' },
      sms: { provider: 'outbox' },
    }),
    store: new SqliteStore(':memory:'),
    print: () => {},
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${url}/dev/emails?client_id=acme&lang=en`);
    await page.frameLocator('iframe[title=dark]').first().locator('img').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('iframe').length === 6);
    await page.screenshot({ path: join(out, 'preview-page.png') });
    await context.close();
  } finally {
    await app.close();
    logoServer.close();
  }
} finally {
  await browser.close();
}
console.log(`Screenshots written to ${out}`);
