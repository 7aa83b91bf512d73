/**
 * auth0.js compatibility: the real auth0-js Authentication client (its published browser bundle,
 * which needs XMLHttpRequest, so it runs in Debian Chromium via playwright-core) drives
 * passwordlessStart and the OTP grant against this server, across origins (real CORS), and its
 * WebAuth.parseHash verifies our ID tokens (RS256 only, keys from our JWKS).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/lib/chromium.mjs';
import { OTP_GRANT, otpLogin, post, startServer, type TestServer } from './helpers.js';

const require = createRequire(import.meta.url);
const bundle = readFileSync(require.resolve('auth0-js').replace(/auth0\.min\.js$/, 'auth0.min.js'), 'utf8');

async function staticSite(): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url === '/auth0.min.js') {
      res.setHeader('content-type', 'text/javascript');
      res.end(bundle);
      return;
    }
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>auth0.js</title><script src="/auth0.min.js"></script>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface CallResult {
  err: { code?: string; description?: string; statusCode?: number; original?: unknown } | null;
  res: Record<string, unknown> | null;
}

/**
 * Calls an auth0-js Authentication method in the page and returns its callback's (err, res).
 * The page code is a string: tsx would otherwise wrap named functions in a helper the page lacks.
 */
const PAGE_CALL = `({ api, method, options }) => new Promise((resolve) => {
  const auth = new window.auth0.Authentication({ domain: api, clientID: 'demo' });
  const cb = (err, res) => resolve({
    err: err ? { code: err.code, description: err.description, statusCode: err.statusCode } : null,
    res: res || null,
  });
  if (method === 'start') auth.passwordless.start(options, cb);
  else auth.oauthToken(options, cb);
})`;

async function call(
  page: Page,
  api: string,
  method: 'start' | 'token',
  options: Record<string, unknown>,
): Promise<CallResult> {
  const fn = await page.evaluateHandle(PAGE_CALL);
  return (await page.evaluate(([f, arg]) => (f as unknown as (a: unknown) => Promise<CallResult>)(arg), [
    fn,
    { api, method, options },
  ] as const)) as CallResult;
}

/** WebAuth.parseHash on a hash carrying `idToken`: auth0.js's own ID token verification. */
const PAGE_PARSE = `({ api, clientID, idToken, state, nonce }) => new Promise((resolve) => {
  const web = new window.auth0.WebAuth({
    domain: new URL(api).host,
    clientID,
    overrides: { __token_issuer: api, __jwks_uri: api + '/.well-known/jwks.json' },
  });
  web.parseHash({ hash: '#id_token=' + idToken + '&state=' + state, state, nonce }, (err, res) => resolve({
    err: err ? { code: err.error, description: err.errorDescription } : null,
    res: res ? { sub: res.idTokenPayload.sub, email: res.idTokenPayload.email, nonce: res.idTokenPayload.nonce } : null,
  }));
})`;

async function parseHash(page: Page, args: Record<string, string>): Promise<CallResult> {
  const fn = await page.evaluateHandle(PAGE_PARSE);
  return (await page.evaluate(([f, arg]) => (f as unknown as (a: unknown) => Promise<CallResult>)(arg), [
    fn,
    args,
  ] as const)) as CallResult;
}

describe('auth0.js Authentication client (in Chromium)', () => {
  let s: TestServer;
  let site: Awaited<ReturnType<typeof staticSite>>;
  let other: Awaited<ReturnType<typeof staticSite>>;
  let browser: Browser;
  let page: Page;

  before(async () => {
    site = await staticSite();
    other = await staticSite();
    s = await startServer({
      limits: { starts_per_ip_per_hour: 1000 },
      clients: [
        { client_id: 'demo', name: 'Demo App', allowed_origins: [site.origin], connections: ['email', 'sms'] },
        {
          client_id: 'ec',
          name: 'EC App',
          allowed_origins: [site.origin],
          connections: ['email'],
          id_token_signed_response_alg: 'ES256',
        },
      ],
    });
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: CHROMIUM_ARGS,
    });
    page = await browser.newPage();
    await page.goto(site.origin);
  });
  after(async () => {
    await browser?.close();
    await s?.close();
    site?.server.close();
    other?.server.close();
  });

  it('passwordlessStart (email code) then the OTP grant signs in', async () => {
    const start = await call(page, s.url, 'start', { connection: 'email', send: 'code', email: 'a0@example.com' });
    assert.equal(start.err, null, JSON.stringify(start.err));
    assert.equal(start.res!.email, 'a0@example.com');
    const code = await s.lastCode('a0@example.com');
    const token = await call(page, s.url, 'token', {
      grantType: OTP_GRANT,
      username: 'a0@example.com',
      otp: code,
      realm: 'email',
      scope: 'openid email',
    });
    assert.equal(token.err, null, JSON.stringify(token.err));
    assert.equal(typeof token.res!.idToken, 'string');
    assert.equal(typeof token.res!.accessToken, 'string');
    assert.equal(token.res!.tokenType, 'Bearer');
    assert.equal(token.res!.expiresIn, 3600);
  });

  it('WebAuth.parseHash verifies our RS256 ID token (signature from the JWKS, issuer, audience, nonce)', async () => {
    await call(page, s.url, 'start', { connection: 'email', send: 'code', email: 'rs@example.com' });
    // auth0.js's oauthToken does not pass a nonce on: the token is asked for from Node.
    const token = await otpLogin(s, 'rs@example.com', await s.lastCode('rs@example.com'), {
      scope: 'openid email',
      nonce: 'nonce-rs256',
    });
    assert.equal(token.status, 200, JSON.stringify(token.body));
    const idToken = token.body.id_token as string;
    const ok = await parseHash(page, { api: s.url, clientID: 'demo', idToken, state: 'st', nonce: 'nonce-rs256' });
    assert.equal(ok.err, null, JSON.stringify(ok.err));
    assert.equal(ok.res!.email, 'rs@example.com');
    assert.equal(ok.res!.nonce, 'nonce-rs256');
    // The same verifier refuses a tampered signature and a wrong nonce.
    const tampered = idToken.slice(0, -6) + (idToken.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    const bad = await parseHash(page, {
      api: s.url,
      clientID: 'demo',
      idToken: tampered,
      state: 'st',
      nonce: 'nonce-rs256',
    });
    assert.equal(bad.err?.code, 'invalid_token');
    const replay = await parseHash(page, { api: s.url, clientID: 'demo', idToken, state: 'st', nonce: 'other' });
    assert.equal(replay.err?.code, 'invalid_token');
  });

  it('WebAuth.parseHash refuses the ES256 ID token of a client that chose ES256 (auth0.js takes RS256 only)', async () => {
    await post(`${s.url}/passwordless/start`, { client_id: 'ec', connection: 'email', email: 'es@example.com' });
    const token = await otpLogin(s, 'es@example.com', await s.lastCode('es@example.com'), {
      client_id: 'ec',
      nonce: 'nonce-es256',
    });
    assert.equal(token.status, 200, JSON.stringify(token.body));
    const res = await parseHash(page, {
      api: s.url,
      clientID: 'ec',
      idToken: token.body.id_token,
      state: 'st',
      nonce: 'nonce-es256',
    });
    assert.equal(res.err?.code, 'invalid_token');
    assert.match(res.err?.description ?? '', /ES256/);
  });

  it('passwordlessStart (sms) with xRequestLanguage', async () => {
    const start = await call(page, s.url, 'start', {
      connection: 'sms',
      send: 'code',
      phoneNumber: '+14155550177',
      xRequestLanguage: 'fr',
    });
    assert.equal(start.err, null, JSON.stringify(start.err));
    const [m] = await s.outbox();
    assert.equal(m!.locale, 'fr');
    assert.ok(m!.text.endsWith(`@127.0.0.1 #${m!.code}`), 'WebOTP line for the calling origin');
  });

  it("auth0.js sees Auth0's error code and exact description for a wrong code", async () => {
    await call(page, s.url, 'start', { connection: 'email', send: 'code', email: 'a0wrong@example.com' });
    const code = await s.lastCode('a0wrong@example.com');
    const wrong = String((Number(code) + 1) % 1e6).padStart(6, '0');
    const token = await call(page, s.url, 'token', {
      grantType: OTP_GRANT,
      username: 'a0wrong@example.com',
      otp: wrong,
      realm: 'email',
    });
    assert.equal(token.err?.code, 'invalid_grant');
    assert.equal(token.err?.description, 'Wrong email or verification code.');
    assert.equal(token.err?.statusCode, 403);
  });

  it('auth0.js sees bad.email for an invalid address', async () => {
    const start = await call(page, s.url, 'start', { connection: 'email', send: 'code', email: 'nope' });
    assert.equal(start.err?.code, 'bad.email');
  });

  it('a page on an unlisted origin is blocked by CORS', async () => {
    const p2 = await browser.newPage();
    try {
      await p2.goto(other.origin);
      const start = await call(p2, s.url, 'start', { connection: 'email', send: 'code', email: 'cors@example.com' });
      assert.ok(start.err, 'the browser refused the cross-origin answer');
      assert.equal(start.res, null);
    } finally {
      await p2.close();
    }
  });
});
