/**
 * The branded hosted page in Chromium, light and dark: the brand's page colour and primary colour
 * reach the page and the element's button, the logo and favicon load from the brand's own origin
 * under the page's CSP (any violation fails through the guard), and axe finds nothing. A change
 * through PATCH /api/v2/branding shows on the next load.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newGuardedContext, PageGuard } from './support/browser.js';
import { post, REDIRECT, startServer, type TestServer } from '../server/helpers.js';

const CDN = resolve(import.meta.dirname, '../../dist/cdn/passwordless-login.js');
const ADMIN = { client_id: 'brand-admin', client_secret: 'brand-admin-secret-brand-admin' };
const SVG = (fill: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40"><rect width="160" height="40" rx="8" fill="${fill}"/></svg>`;
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations.map((v) =>
      v.id + ': ' + v.help + ' at ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`,
  )) as string[];
}

describe('the branded hosted page in Chromium', () => {
  let browser: Browser;
  let s: TestServer;
  let files: Server;
  let assets: string;
  let token: string;
  const hits: string[] = [];

  before(async () => {
    assert.ok(existsSync(CDN), 'run `npm run build:widget` first');
    files = createServer((req, res) => {
      hits.push(req.url ?? '');
      const body = req.url === '/logo.svg' ? SVG('#c2410c') : req.url === '/favicon.svg' ? SVG('#000') : null;
      res.writeHead(body ? 200 : 404, { 'content-type': 'image/svg+xml' }).end(body ?? '');
    });
    await new Promise<void>((ready) => files.listen(0, '127.0.0.1', ready));
    assets = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    s = await startServer({
      clients: [
        {
          client_id: 'lumen',
          name: 'Lumen Books',
          redirect_uris: [REDIRECT],
          connections: ['email'],
          support_url: 'https://help.lumen.example/',
          policy_uri: 'https://lumen.example/privacy',
          tos_uri: 'https://lumen.example/terms',
        },
        {
          ...ADMIN,
          name: 'Admin',
          grant_types: ['client_credentials'],
          client_grants: [{ scope: ['update:branding'] }],
        },
      ],
    });
    const res = await post(`${s.url}/oauth/token`, {
      grant_type: 'client_credentials',
      ...ADMIN,
      audience: `${s.url}/api/v2/`,
    });
    token = res.body.access_token as string;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await s?.close();
    files?.close();
  });

  const patch = async (body: unknown) => {
    const res = await fetch(`${s.url}/api/v2/branding`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200, await res.text());
  };

  const pageUrl = () => {
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: 'lumen',
      redirect_uri: REDIRECT,
      code_challenge: createHash('sha256').update('v'.repeat(43)).digest('base64url'),
      code_challenge_method: 'S256',
    });
    return `${s.url}/authorize?${q}`;
  };

  /** The page's background, the Send button's colours, whether the logo drew, and axe's findings. */
  async function look(scheme: 'light' | 'dark') {
    const guard = new PageGuard();
    const context = await newGuardedContext(browser, guard, { colorScheme: scheme });
    try {
      const page = await context.newPage();
      await page.goto(pageUrl());
      await page.locator('passwordless-login[state="identifier"]').waitFor();
      await page.waitForFunction(() => (document.querySelector('img.logo') as HTMLImageElement | null)?.complete);
      const seen = (await page.evaluate(`(() => {
        const button = document.querySelector('passwordless-login').shadowRoot.querySelector('[part~=send-button]');
        const img = document.querySelector('img.logo');
        return {
          body: getComputedStyle(document.body).backgroundColor,
          button: getComputedStyle(button).backgroundColor,
          buttonText: getComputedStyle(button).color,
          logo: img.naturalWidth,
          links: [...document.querySelectorAll('.links a')].map((a) => a.textContent),
        };
      })()`)) as { body: string; button: string; buttonText: string; logo: number; links: string[] };
      const violations = await axeViolations(page);
      guard.assertClean();
      return { ...seen, violations };
    } finally {
      await context.close();
    }
  }

  it('draws the brand, light and dark, under the CSP, and passes axe', async () => {
    await patch({
      logo_url: `${assets}/logo.svg`,
      favicon_url: `${assets}/favicon.svg`,
      colors: { primary: '#c2410c', page_background: '#fdf6ec' },
    });
    const light = await look('light');
    assert.equal(light.body, 'rgb(253, 246, 236)', 'the brand page colour');
    assert.equal(light.button, 'rgb(194, 65, 12)', "the brand's primary on the element's button");
    assert.equal(light.buttonText, 'rgb(255, 255, 255)');
    assert.equal(light.logo, 160, 'the logo loaded from its own origin');
    assert.deepEqual(light.links, ['Help', 'Privacy', 'Terms']);
    assert.deepEqual(light.violations, []);

    const dark = await look('dark');
    assert.notEqual(dark.body, light.body, 'a dark page under a dark colour scheme');
    assert.notEqual(dark.button, light.button, 'the primary lightened for the dark page');
    assert.equal(dark.logo, 160);
    assert.deepEqual(dark.violations, []);
    assert.ok(hits.includes('/logo.svg'));
  });

  it('shows a change made through the API on the next load, with no restart', async () => {
    await patch({ colors: { primary: '#1d4ed8', page_background: '#eef2ff' } });
    const next = await look('light');
    assert.equal(next.body, 'rgb(238, 242, 255)');
    assert.equal(next.button, 'rgb(29, 78, 216)');
  });
});
