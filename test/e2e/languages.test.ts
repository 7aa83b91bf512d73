/**
 * The script-tag build in another language: it loads `locales/<lang>.js` from beside its own URL,
 * self-hosted under `default-src 'self'` and from another origin the way unpkg or jsDelivr serve
 * it (CORS on, the page allowing that origin for scripts only). No CSP violation, no console error.
 * Phone support runs there too: the country list fills in, named in the page's language.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newGuardedContext, PageGuard } from './support/browser.js';
import { DIST_DIR } from './support/build-pages.js';

const page = (lang: string, script: string) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>e2e: ${lang}</title>
<link rel="icon" href="data:,">
<script src="${script}"></script></head>
<body><passwordless-login domain="http://127.0.0.1:9" client-id="e2e" connection="email sms" passkeys="off"></passwordless-login></body></html>`;

/** Serves `pages` at their paths and dist/ under /dist/, with the given headers on every answer. */
async function serve(pages: Record<string, string>, headers: () => Record<string, string>): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (pages[path]) return void res.writeHead(200, { ...headers(), 'content-type': 'text/html' }).end(pages[path]);
    const file = normalize(join(DIST_DIR, path.replace(/^\/dist\//, '/')));
    if (!path.startsWith('/dist/') || !file.startsWith(DIST_DIR)) return void res.writeHead(404, headers()).end();
    readFile(file).then(
      (body) => res.writeHead(200, { ...headers(), 'content-type': 'text/javascript' }).end(body),
      () => res.writeHead(404, headers()).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return server;
}
const origin = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

describe('script-tag build in other languages', () => {
  let browser: Browser;
  let site: Server;
  let cdn: Server;

  before(async () => {
    cdn = await serve({}, () => ({ 'access-control-allow-origin': '*' }));
    site = await serve(
      {
        '/ru.html': page('ru', '/dist/cdn/passwordless-login.js'),
        '/ar.html': page('ar', '/dist/cdn/passwordless-login.js'),
        '/fr-CA.html': page('fr-CA', '/dist/cdn/passwordless-login.js'),
        '/ja-cdn.html': page('ja', `${origin(cdn)}/dist/cdn/passwordless-login.js`),
      },
      () => ({ 'content-security-policy': `default-src 'self'; script-src 'self' ${origin(cdn)}; img-src data:` }),
    );
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    site?.close();
    cdn?.close();
  });

  const open = async (path: string) => {
    const guard = new PageGuard();
    const context = await newGuardedContext(browser, guard);
    const tab = await context.newPage();
    await tab.goto(`${origin(site)}${path}`);
    const title = tab.locator('passwordless-login [part~=title]');
    await title.waitFor();
    return { tab, title, guard, context };
  };

  /** The name the country select gives `code` once phone support has run. */
  const countryName = async (tab: Page, code: string) => {
    const option = tab.locator(`passwordless-login #country option[value=${code}]`);
    await option.waitFor({ state: 'attached' });
    return (await option.textContent())?.trim();
  };

  it('self-hosted under default-src self: Russian from dist/cdn/locales/ru.js', async () => {
    const { tab, title, guard, context } = await open('/ru.html');
    assert.equal(await title.textContent(), 'Вход');
    await tab.getByRole('radio', { name: 'По телефону' }).check();
    assert.equal(await tab.locator('passwordless-login label[for=phone]').textContent(), 'Номер телефона');
    assert.match((await countryName(tab, 'DE')) ?? '', /Германия/, 'the country list in Russian');
    guard.assertClean();
    await context.close();
  });

  it('Arabic lays itself out right to left, the email field left to right', async () => {
    const { tab, title, guard, context } = await open('/ar.html');
    assert.equal(await title.textContent(), 'تسجيل الدخول');
    const direction = (selector: string) =>
      tab.locator(`passwordless-login ${selector}`).evaluate((el) => getComputedStyle(el).direction);
    assert.equal(await direction('[part~=base]'), 'rtl');
    assert.equal(await direction('#email'), 'ltr');
    guard.assertClean();
    await context.close();
  });

  it('Canadian French: its own file and French for the rest, both loaded with the page', async () => {
    const { tab, title, guard, context } = await open('/fr-CA.html');
    assert.equal(await title.textContent(), 'Connexion'); // from fr.js
    assert.equal(await tab.locator('passwordless-login label[for=email]').textContent(), 'Adresse courriel');
    const files = await tab.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((r) => new URL(r.name).pathname)
        .filter((p) => p.includes('/locales/')),
    );
    assert.deepEqual(files.sort(), ['/dist/cdn/locales/fr-CA.js', '/dist/cdn/locales/fr.js']);
    guard.assertClean();
    await context.close();
  });

  it('from another origin (as unpkg or jsDelivr serve it): Japanese from beside the script', async () => {
    const { tab, title, guard, context } = await open('/ja-cdn.html');
    assert.equal(await title.textContent(), 'ログイン');
    await tab.getByRole('radio', { name: '電話番号' }).check();
    assert.match((await countryName(tab, 'DE')) ?? '', /ドイツ/, 'the country list in Japanese');
    guard.assertClean();
    await context.close();
  });
});
