/**
 * Branding: the deployment's settings through the Management API (Auth0's GET/PATCH
 * /api/v2/branding), their checks, the one resolver (config < stored settings < client), and the
 * hosted page drawn with them: a change shows on the next page with no restart, and the page stays
 * CSP-clean (no inline style or script).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveBranding, updateBranding } from '../../src/server/branding.js';
import { READ_CACHE_MS } from '../../src/server/read-cache.js';
import { parseConfig } from '../../src/server/config.js';
import { SqliteStore } from '../../src/server/store/sqlite.js';
import { baseConfig, get, post, REDIRECT, SECRET, startServer, type Res, type TestServer } from './helpers.js';

const ADMIN_SECRET = 'brand-admin-secret-brand-admin';
const READER_SECRET = 'brand-reader-secret-brand-reader';
const verifier = 'v'.repeat(43);
const challenge = createHash('sha256').update(verifier).digest('base64url');

const clients = [
  {
    client_id: 'shop',
    name: 'Shop & Co',
    redirect_uris: [REDIRECT],
    connections: ['email'],
    support_url: 'https://help.shop.example/',
    policy_uri: 'https://shop.example/privacy',
    tos_uri: 'https://shop.example/terms',
  },
  {
    client_id: 'own',
    name: 'Own Logo',
    redirect_uris: [REDIRECT],
    connections: ['email'],
    logo_uri: 'https://own.example/logo.png',
    branding: { '--pwl-color-primary': '#0a7c4a' },
  },
  {
    client_id: 'admin',
    name: 'Admin',
    client_secret: ADMIN_SECRET,
    grant_types: ['client_credentials'],
    client_grants: [{ scope: ['read:branding', 'update:branding'] }],
  },
  {
    client_id: 'reader',
    name: 'Reader',
    client_secret: READER_SECRET,
    grant_types: ['client_credentials'],
    client_grants: [{ scope: ['read:branding'] }],
  },
];

const config = {
  clients,
  branding: { logo_url: 'https://cdn.example/deploy.svg', colors: { page_background: '#f4efe6' } },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
async function call<T = any>(s: TestServer, method: string, token: string | null, body?: unknown): Promise<Res<T>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${s.url}/api/v2/branding`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

async function tokenOf(s: TestServer, clientId: string, secret: string): Promise<string> {
  const res = await post(`${s.url}/oauth/token`, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: secret,
    audience: `${s.url}/api/v2/`,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.access_token as string;
}

/** The hosted page of `clientId`, its CSP and its one stylesheet. */
async function hostedPage(s: TestServer, clientId: string, lang = 'en') {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ui_locales: lang,
  });
  const page = await get(`${s.url}/authorize?${q}`);
  assert.equal(page.status, 200);
  const html = page.body as string;
  const href = /<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1]?.replace(/&#38;/g, '&');
  assert.ok(href, 'the page links its stylesheet');
  const css = await get(href);
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type')!, /^text\/css/);
  return { html, csp: page.headers.get('content-security-policy')!, href, css: css.body as string };
}

describe('branding through the Management API (/api/v2/branding)', () => {
  let s: TestServer;
  let admin: string;
  let reader: string;
  before(async () => {
    s = await startServer(config);
    admin = await tokenOf(s, 'admin', ADMIN_SECRET);
    reader = await tokenOf(s, 'reader', READER_SECRET);
  });
  after(() => s.close());

  it('answers the config settings before anything is stored', async () => {
    const res = await call(s, 'GET', reader);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.deepEqual(res.body, { logo_url: 'https://cdn.example/deploy.svg', colors: { page_background: '#f4efe6' } });
  });

  it('needs a token with read:branding to read and update:branding to change', async () => {
    assert.equal((await call(s, 'GET', null)).status, 401);
    const refused = await call(s, 'PATCH', reader, { colors: { primary: '#ff0000' } });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error, 'insufficient_scope');
    assert.deepEqual((await call(s, 'GET', reader)).body.colors, { page_background: '#f4efe6' }, 'nothing stored');
  });

  it('PATCH stores the settings (merged one level deep), GET answers them, null takes one back to the config', async () => {
    const patched = await call(s, 'PATCH', admin, {
      colors: { primary: 'rgb(10, 124, 74)' },
      favicon_url: 'https://cdn.example/favicon.png',
      font: { url: 'https://fonts.example/brand.woff2' },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const expected = {
      logo_url: 'https://cdn.example/deploy.svg',
      favicon_url: 'https://cdn.example/favicon.png',
      colors: { page_background: '#f4efe6', primary: 'rgb(10, 124, 74)' },
      font: { url: 'https://fonts.example/brand.woff2' },
    };
    assert.deepEqual(patched.body, expected);
    assert.deepEqual((await call(s, 'GET', reader)).body, expected);

    await call(s, 'PATCH', admin, { logo_url: 'https://cdn.example/stored.svg', colors: { page_background: 'navy' } });
    let now = (await call(s, 'GET', reader)).body;
    assert.equal(now.logo_url, 'https://cdn.example/stored.svg');
    assert.deepEqual(now.colors, { page_background: 'navy', primary: 'rgb(10, 124, 74)' }, 'primary kept');

    await call(s, 'PATCH', admin, { logo_url: null, colors: { page_background: null }, font: null });
    now = (await call(s, 'GET', reader)).body;
    assert.equal(now.logo_url, 'https://cdn.example/deploy.svg', "the config's logo shows again");
    assert.deepEqual(now.colors, { page_background: '#f4efe6', primary: 'rgb(10, 124, 74)' });
    assert.equal(now.font, undefined);
    await call(s, 'PATCH', admin, { colors: null, favicon_url: null });
  });

  it('refuses a bad value with 400 naming the field, and stores nothing of that request', async () => {
    const before = (await call(s, 'GET', reader)).body;
    const cases: [unknown, RegExp][] = [
      [{ colors: { primary: 'not-a-colour' } }, /^colors\.primary: must be a CSS colour/],
      [{ colors: { page_background: 'red; } body { display: none' } }, /^colors\.page_background: /],
      [{ colors: { primary: 'url(https://x.example/a.png)' } }, /^colors\.primary: /],
      [{ logo_url: 'http://cdn.example/logo.svg' }, /^logo_url: must be an https URL/],
      [{ favicon_url: 'javascript:alert(1)' }, /^favicon_url: must be an https URL/],
      [{ font: { url: 'ftp://fonts.example/a.woff2' } }, /^font\.url: /],
      [{ logo_url: 42 }, /^logo_url: must be a string or null/],
      [{ colors: 'red' }, /^colors: must be an object or null/],
      [{ colour: {} }, /^colour: unknown field/],
      [{ colors: { secondary: '#fff' } }, /^colors\.secondary: unknown field/],
      [{ logo_url: 'https://cdn.example/ok.svg', colors: { primary: 'nope' } }, /^colors\.primary: /],
      [[], /JSON object/],
    ];
    for (const [body, message] of cases) {
      const res = await call(s, 'PATCH', admin, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error, 'invalid_body');
      assert.match(res.body.error_description, message, JSON.stringify(body));
    }
    assert.deepEqual((await call(s, 'GET', reader)).body, before, 'a refused request changed nothing');
  });

  it('takes http on loopback (development) and every colour form the docs name', async () => {
    for (const primary of ['#abc', '#a1b2c3', 'rgb(1 2 3 / 50%)', 'hsl(200, 50%, 40%)', 'rebeccapurple']) {
      const res = await call(s, 'PATCH', admin, { colors: { primary }, logo_url: 'http://127.0.0.1:8080/logo.svg' });
      assert.equal(res.status, 200, `${primary}: ${JSON.stringify(res.body)}`);
    }
    await call(s, 'PATCH', admin, { colors: null, logo_url: null });
  });
});

describe('the hosted page drawn with the branding', () => {
  let s: TestServer;
  let admin: string;
  before(async () => {
    s = await startServer(config);
    admin = await tokenOf(s, 'admin', ADMIN_SECRET);
  });
  after(() => s.close());

  it('shows the logo, the links in the page language, and no inline style or script', async () => {
    const { html, csp } = await hostedPage(s, 'shop', 'de');
    assert.match(html, /<img class="logo" src="https:\/\/cdn.example\/deploy.svg" alt="">/);
    assert.match(html, /<h1 class="app-name">Shop &#38; Co<\/h1>/);
    assert.match(html, /<a href="https:\/\/help.shop.example\/" target="_blank" rel="noopener noreferrer">Hilfe<\/a>/);
    assert.match(html, /<a href="https:\/\/shop.example\/privacy"[^>]*>Datenschutz<\/a>/);
    assert.match(html, /<a href="https:\/\/shop.example\/terms"[^>]*>Nutzungsbedingungen<\/a>/);
    assert.ok(html.indexOf('Hilfe') > html.indexOf('<passwordless-login'), 'the links come after the form');
    // CSP-clean: styles and scripts from files only, no inline handlers.
    assert.doesNotMatch(html, /<style|\sstyle=|\son\w+=/i);
    for (const [, attrs] of html.matchAll(/<script([^>]*)>/g)) assert.match(attrs!, /\ssrc="/, 'no inline script');
    assert.match(csp, /style-src 'self';/);
    assert.match(csp, /script-src 'self';/);
    assert.match(csp, /img-src 'self' https:\/\/cdn.example;/);
    assert.equal((html.match(/<link rel="stylesheet"/g) ?? []).length, 1, 'one stylesheet on the critical path');
    const ar = await hostedPage(s, 'shop', 'ar');
    assert.match(ar.html, /dir="rtl"[\s\S]*>المساعدة<\/a>/);
  });

  it("the client's own logo and primary colour go over the deployment's", async () => {
    const { html, css, csp } = await hostedPage(s, 'own');
    assert.match(html, /<img class="logo" src="https:\/\/own.example\/logo.png"/);
    assert.match(csp, /img-src 'self' https:\/\/own.example;/);
    assert.doesNotMatch(html, /class="links"/, 'no links when the client has none');
    assert.match(css, /passwordless-login \{\s*--pwl-color-primary: #0a7c4a;\s*--pwl-color-primary-text: #ffffff;/);
    assert.match(css, /body \{\s*background: #f4efe6;/);
  });

  it('draws a light and a dark side from the brand colours, each readable', async () => {
    await call(s, 'PATCH', admin, { colors: { primary: '#ffd400', page_background: '#0b1d3a' } });
    try {
      const { css } = await hostedPage(s, 'shop');
      assert.match(css, /passwordless-login \{\s*--pwl-color-primary: #ffd400;\s*--pwl-color-primary-text: #000000;/);
      assert.match(css, /body \{\s*background: #0b1d3a;\s*color: #eceef2;/, 'light text on a dark brand page');
      const dark = /@media \(prefers-color-scheme: dark\) \{([\s\S]*)\}\s*$/.exec(css)?.[1];
      assert.ok(dark, 'a dark colour scheme block');
      assert.match(dark, /body \{ background: #[0-9a-f]{6}; color: #eceef2; \}/);
      assert.match(dark, /--pwl-color-primary: #[0-9a-f]{6};/);
    } finally {
      await call(s, 'PATCH', admin, { colors: null });
    }
  });

  it('a PATCH reaches the next page with no restart: new logo, favicon, font, colours and stylesheet address', async () => {
    const first = await hostedPage(s, 'shop');
    assert.doesNotMatch(first.html, /rel="icon"/);
    const patched = await call(s, 'PATCH', admin, {
      logo_url: 'https://brand.example/new-logo.svg',
      favicon_url: 'https://icons.example/fav.png',
      font: { url: 'https://fonts.example/brand.woff2' },
      colors: { primary: '#7b2cbf', page_background: 'hsl(40, 40%, 95%)' },
    });
    assert.equal(patched.status, 200);
    try {
      const next = await hostedPage(s, 'shop');
      assert.match(next.html, /<img class="logo" src="https:\/\/brand.example\/new-logo.svg"/);
      assert.match(next.html, /<link rel="icon" href="https:\/\/icons.example\/fav.png">/);
      assert.match(next.csp, /img-src 'self' https:\/\/brand.example https:\/\/icons.example;/);
      assert.match(next.csp, /font-src 'self' https:\/\/fonts.example;/);
      assert.notEqual(next.href, first.href, 'a new address, so no cached sheet is used');
      assert.match(
        next.css,
        /@font-face \{ font-family: "pwl-brand"; src: url\("https:\/\/fonts.example\/brand.woff2"\)/,
      );
      assert.match(next.css, /body \{\s*background: hsl\(40, 40%, 95%\);/);
      assert.match(next.css, /--pwl-color-primary: #7b2cbf;/);
    } finally {
      await call(s, 'PATCH', admin, { logo_url: null, favicon_url: null, font: null, colors: null });
    }
    const back = await hostedPage(s, 'shop');
    assert.equal(back.href, first.href, 'the same settings, the same stylesheet address');
  });

  it('the stylesheet of an unknown client is a 404', async () => {
    assert.equal((await get(`${s.url}/authorize/branding/nobody.css`)).status, 404);
  });
});

describe('the emails drawn with the branding', () => {
  let s: TestServer;
  let admin: string;
  before(async () => {
    s = await startServer(config);
    admin = await tokenOf(s, 'admin', ADMIN_SECRET);
  });
  after(() => s.close());

  /** The HTML of the code email a start for `client_id` sends to `to`. */
  async function emailHtml(clientId: string, to: string): Promise<string> {
    const res = await post(`${s.url}/passwordless/start`, { client_id: clientId, connection: 'email', email: to, send: 'code' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const message = (await s.outbox()).findLast((m) => m.to === to);
    assert.ok(message?.html, 'an HTML part was sent');
    return message.html;
  }

  it('a PATCH reaches the next email with no restart: its logo and its primary colour', async () => {
    const before = await emailHtml('shop', 'first@shop.example');
    assert.match(before, /src="https:\/\/cdn\.example\/deploy\.svg"/, 'the config logo');
    assert.doesNotMatch(before, /#b0153e/i);
    const patched = await call(s, 'PATCH', admin, {
      logo_url: 'https://cdn.example/next.svg',
      colors: { primary: '#b0153e' },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const next = await emailHtml('shop', 'second@shop.example');
    assert.match(next, /src="https:\/\/cdn\.example\/next\.svg"/, 'the stored logo');
    assert.doesNotMatch(next, /deploy\.svg/);
    assert.match(next, /#b0153e/i, 'the stored primary colour');
  });

  it("a client's own logo and colour go over the deployment's in its emails", async () => {
    const html = await emailHtml('own', 'someone@own.example');
    assert.match(html, /src="https:\/\/own\.example\/logo\.png"/);
    assert.match(html, /#0a7c4a/i);
  });
});

describe('branding across processes and in the config', () => {
  it('a change made through one server shows on its next page at once, and on the pages of another on the same store within a second', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwl-branding-'));
    const path = join(dir, 'db.sqlite');
    const [storeA, storeB] = [new SqliteStore(path), new SqliteStore(path)];
    const a = await startServer(config, { store: storeA });
    const b = await startServer(config, { store: storeB });
    try {
      // Both have drawn a page with the old settings (and keep them for a moment).
      assert.match((await hostedPage(a, 'shop')).html, /deploy\.svg/);
      assert.match((await hostedPage(b, 'shop')).html, /deploy\.svg/);
      const admin = await tokenOf(a, 'admin', ADMIN_SECRET);
      assert.equal((await call(a, 'PATCH', admin, { logo_url: 'https://cdn.example/shared.svg' })).status, 200);
      assert.match((await hostedPage(a, 'shop')).html, /src="https:\/\/cdn.example\/shared.svg"/);
      // The other server reads the store again once its entry is a second old: wait for that
      // (bounded far above a second, the machine may be busy).
      const deadline = Date.now() + READ_CACHE_MS + 15_000;
      let html = (await hostedPage(b, 'shop')).html;
      while (!/shared\.svg/.test(html) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        html = (await hostedPage(b, 'shop')).html;
      }
      assert.match(html, /src="https:\/\/cdn.example\/shared.svg"/);
    } finally {
      await a.close();
      await b.close();
      storeA.close();
      storeB.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('resolves config < stored settings < client values', async () => {
    const s = await startServer(config);
    try {
      const parsed = baseConfig(config);
      const ctx = { config: parsed, store: s.store, clients: new Map(parsed.clients.map((c) => [c.client_id, c])) };
      let shop = await resolveBranding(ctx, 'shop');
      assert.deepEqual(shop, {
        appName: 'Shop & Co',
        primaryColor: '#2f54d6',
        pageBackground: '#f4efe6',
        logoUrl: 'https://cdn.example/deploy.svg',
        supportUrl: 'https://help.shop.example/',
        privacyUrl: 'https://shop.example/privacy',
        termsUrl: 'https://shop.example/terms',
      });
      await updateBranding(ctx, { colors: { primary: '#123456' }, logo_url: 'https://s.example/l.png' });
      shop = await resolveBranding(ctx, 'shop');
      assert.equal(shop.primaryColor, '#123456');
      assert.equal(shop.logoUrl, 'https://s.example/l.png');
      const own = await resolveBranding(ctx, 'own');
      assert.equal(own.primaryColor, '#0a7c4a', "the client's colour over the stored one");
      assert.equal(own.logoUrl, 'https://own.example/logo.png', "the client's logo over the stored one");
      await assert.rejects(resolveBranding(ctx, 'nobody'), /unknown client/);
    } finally {
      await s.close();
    }
  });

  it('refuses a bad colour or a non-https URL in the config, naming the key', () => {
    const base = { secret: SECRET, clients: [{ client_id: 'a', name: 'A' }] };
    assert.throws(
      () => parseConfig({ ...base, branding: { colors: { primary: 'blurple' } } }),
      /config\.branding\.colors\.primary: must be a CSS colour/,
    );
    assert.throws(
      () => parseConfig({ ...base, branding: { favicon_url: 'http://cdn.example/f.png' } }),
      /config\.branding\.favicon_url: must be an https URL/,
    );
    assert.throws(
      () => parseConfig({ ...base, clients: [{ client_id: 'a', name: 'A', tos_uri: 'http://example.com/terms' }] }),
      /config\.clients\[0\]\.tos_uri: must be an https URL/,
    );
    assert.throws(() => parseConfig({ ...base, branding: { colours: {} } }), /config\.branding\.colours: unknown key/);
    const ok = parseConfig({
      ...base,
      branding: { logo_url: 'http://localhost:5173/logo.svg', colors: { page_background: '#fff' } },
      clients: [{ client_id: 'a', name: 'A', support_url: 'http://127.0.0.1:3000/help' }],
    });
    assert.equal(ok.branding.logo_url, 'http://localhost:5173/logo.svg');
    assert.deepEqual(parseConfig(base).branding, {}, 'none by default');
  });
});
