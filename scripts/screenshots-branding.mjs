#!/usr/bin/env node
/**
 * `node --import tsx scripts/screenshots-branding.mjs`: the hosted login page of a branded
 * application, light and dark, in headless Chromium, into docs/ (docs/branding.md shows them).
 * Needs the element's script-tag build (`npx vite build --mode cdn`). Everything runs on
 * loopback: the API in this process, and a small server for the brand's logo and favicon.
 * The branding is set as an operator would, through PATCH /api/v2/branding.
 *
 *   docs/hosted-branded-light.png  the page under a light colour scheme
 *   docs/hosted-branded-dark.png   the same page under a dark one
 */
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildApp } from '../src/server/app.js';
import { parseConfig } from '../src/server/config.js';
import { SqliteStore } from '../src/server/store/sqlite.js';
import { CHROMIUM_ARGS, chromiumPath } from './lib/chromium.mjs';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const docs = resolve(repo, 'docs');
const ADMIN = { client_id: 'brand-admin', client_secret: 'brand-admin-secret-brand-admin' };

// A made-up brand: an open book in the brand's orange.
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="220" height="56" viewBox="0 0 220 56">
<path d="M8 14c10-4 20-4 26 2v30c-6-6-16-6-26-2z" fill="#c2410c"/>
<path d="M60 14c-10-4-20-4-26 2v30c6-6 16-6 26-2z" fill="#ea580c"/>
<text x="72" y="37" font-family="Georgia, serif" font-size="24" font-weight="700" fill="#9a3412">Lumen Books</text>
</svg>`;
const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#c2410c"/>
<path d="M10 18c9-4 17-4 22 2v28c-5-6-13-6-22-2zM54 18c-9-4-17-4-22 2v28c5-6 13-6 22-2z" fill="#fff"/></svg>`;

async function listen(server) {
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  return `http://127.0.0.1:${server.address().port}`;
}

async function main() {
  const files = createServer((req, res) => {
    const body = req.url === '/logo.svg' ? LOGO : req.url === '/favicon.svg' ? FAVICON : null;
    res.writeHead(body ? 200 : 404, { 'content-type': 'image/svg+xml' }).end(body ?? '');
  });
  const assets = await listen(files);
  const redirect = 'http://127.0.0.1:5173/callback.html';
  const config = parseConfig({
    secret: 'screenshots-secret-screenshots-secret',
    store: { type: 'sqlite', path: ':memory:' },
    log_level: 'warn',
    clients: [
      {
        client_id: 'lumen',
        name: 'Lumen Books',
        redirect_uris: [redirect],
        connections: ['email'],
        support_url: 'https://help.lumen.example/',
        policy_uri: 'https://lumen.example/privacy',
        tos_uri: 'https://lumen.example/terms',
      },
      {
        ...ADMIN,
        name: 'Brand admin',
        grant_types: ['client_credentials'],
        client_grants: [{ scope: ['update:branding'] }],
      },
    ],
  });
  const store = new SqliteStore(':memory:');
  const app = await buildApp({ config, store, print: () => {} });
  const api = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const token = await fetch(`${api}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', ...ADMIN, audience: `${api}/api/v2/` }),
    }).then((r) => r.json());
    const patched = await fetch(`${api}/api/v2/branding`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token.access_token}` },
      body: JSON.stringify({
        logo_url: `${assets}/logo.svg`,
        favicon_url: `${assets}/favicon.svg`,
        colors: { primary: '#c2410c', page_background: '#fdf6ec' },
      }),
    });
    if (!patched.ok) throw new Error(`PATCH /api/v2/branding: ${patched.status} ${await patched.text()}`);

    const q = new URLSearchParams({
      response_type: 'code',
      client_id: 'lumen',
      redirect_uri: redirect,
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      ui_locales: 'en',
    });
    for (const scheme of ['light', 'dark']) {
      const context = await browser.newContext({
        viewport: { width: 560, height: 720 },
        deviceScaleFactor: 2,
        locale: 'en-US',
        colorScheme: scheme,
      });
      const page = await context.newPage();
      await page.goto(`${api}/authorize?${q}`);
      await page.locator('passwordless-login[state="identifier"]').waitFor();
      await page.locator('img.logo').evaluate((img) => img.decode());
      await page.getByLabel('Email', { exact: true }).fill('ada@example.com');
      await page.screenshot({ path: join(docs, `hosted-branded-${scheme}.png`) });
      await context.close();
    }
    process.stdout.write(`Wrote hosted-branded-light.png and hosted-branded-dark.png to ${docs}\n`);
  } finally {
    await browser.close();
    await app.close();
    store.close();
    files.close();
  }
}

main().catch((error) => {
  process.stderr.write(`screenshots failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
