/**
 * Auth0's browser SDKs, unchanged and without `overrides`, against this server in Chromium:
 * auth0-js WebAuth (passwordlessStart + passwordlessLogin embedded through /co/authenticate and a
 * login_ticket, parseHash, checkSession, logout) and auth0-spa-js (getTokenSilently in its default
 * iframe mode, getUser, logout). The SDKs build `https://{domain}` URLs and expect the issuer
 * `https://{domain}/`, so the API runs behind a loopback TLS listener with a self-signed
 * certificate (the browser context ignores certificate errors: a test setting, nothing else), and
 * the app's pages are served over TLS from the same host: the same site, as a custom domain is,
 * so the session cookie (SameSite=Lax) reaches the silent-authentication iframe.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/lib/chromium.mjs';
import { OTP_GRANT, startServer, type TestServer } from './helpers.js';
import { tlsFront, type Tls } from './tls.js';

const require = createRequire(import.meta.url);
const BUNDLES: Record<string, string> = {
  '/auth0.min.js': readFileSync(require.resolve('auth0-js/dist/auth0.min.js'), 'utf8'),
  '/auth0-spa-js.js': readFileSync(require.resolve('@auth0/auth0-spa-js/dist/auth0-spa-js.production.js'), 'utf8'),
};
const PAGES: Record<string, string> = {
  '/a0.html': '<!doctype html><title>auth0-js</title><script src="/auth0.min.js"></script>',
  '/spa.html': '<!doctype html><title>auth0-spa-js</title><script src="/auth0-spa-js.js"></script>',
};

/**
 * Lock 14 as an app bundles it (its npm package ships CommonJS only): esbuild, one IIFE whose
 * global holds `Auth0LockPasswordless`.
 */
async function lockBundle(): Promise<string> {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [require.resolve('auth0-lock')],
    bundle: true,
    format: 'iife',
    globalName: 'Auth0LockLib',
    define: { 'process.env.NODE_ENV': '"production"' },
    // Lock require()s auth0-js, whose `main` is a UMD file in a "type": "module" package, which
    // esbuild's default for require() would pick: its ES module build (`module`) is the one to use.
    mainFields: ['browser', 'module', 'main'],
    // Lock renders with its own React 18; its hoisted helpers (react-transition-group) must get
    // that copy too, not the React 19 other tests install at the root.
    alias: Object.fromEntries(
      ['react', 'react-dom'].map((name) => [
        name,
        dirname(require.resolve(`${name}/package.json`, { paths: [dirname(require.resolve('auth0-lock'))] })),
      ]),
    ),
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

/** The Lock page: set up as Lock's README says, recording its `authenticated` event. */
const lockPage = (domain: string, origin: string) => `<!doctype html><title>Lock</title>
<script src="/lock.js"></script>
<div id="lock"></div>
<script>
  const lock = new Auth0LockLib.Auth0LockPasswordless('lock', ${JSON.stringify(domain)}, {
    container: 'lock',
    allowedConnections: [new URLSearchParams(location.search).get('connection') || 'email'],
    passwordlessMethod: 'code',
    auth: { redirectUrl: ${JSON.stringify(`${origin}/lock.html`)}, responseType: 'token id_token', params: { scope: 'openid email phone' } },
  });
  lock.on('authenticated', (result) => { window.authResult = result; });
  lock.on('authorization_error', (error) => { window.authError = error; });
  lock.show();
</script>`;

/** An app's pages over TLS on loopback (same certificate as the API's listener). */
async function appSite(tls: Tls, lock: () => string): Promise<{ origin: string; server: Server }> {
  const server = createServer({ key: tls.key, cert: tls.ca }, (req, res) => {
    const path = (req.url ?? '/').split(/[?#]/)[0]!;
    const script = BUNDLES[path];
    res.setHeader('content-type', script ? 'text/javascript' : 'text/html');
    res.end(script ?? (path === '/lock.html' ? lock() : (PAGES[path] ?? PAGES['/a0.html'])));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('Auth0 browser SDKs in Chromium (no overrides)', () => {
  let tls: Tls;
  let s: TestServer;
  let app: Awaited<ReturnType<typeof appSite>>;
  let other: Awaited<ReturnType<typeof appSite>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let domain: string;

  before(async () => {
    tls = await tlsFront();
    domain = `127.0.0.1:${tls.port}`;
    BUNDLES['/lock.js'] = await lockBundle();
    app = await appSite(tls, () => lockPage(domain, app.origin));
    other = await appSite(tls, () => '');
    s = await startServer({
      issuer: `https://${domain}/`,
      limits: { starts_per_ip_per_hour: 1000 },
      clients: [
        {
          client_id: 'legacy',
          name: 'Legacy SPA',
          allowed_origins: [app.origin],
          web_origins: [app.origin],
          redirect_uris: [`${app.origin}/a0.html`],
          post_logout_redirect_uris: [`${app.origin}/a0.html`],
          connections: ['email', 'sms'],
          grant_types: [OTP_GRANT, 'authorization_code', 'implicit'],
        },
        {
          client_id: 'lock',
          name: 'Lock App',
          allowed_origins: [app.origin],
          web_origins: [app.origin],
          redirect_uris: [`${app.origin}/lock.html`],
          connections: ['email', 'sms'],
          grant_types: [OTP_GRANT, 'implicit'],
        },
        {
          client_id: 'spa',
          name: 'SPA',
          allowed_origins: [app.origin, other.origin],
          web_origins: [app.origin],
          redirect_uris: [`${app.origin}/spa.html`, `${other.origin}/spa.html`],
          post_logout_redirect_uris: [`${app.origin}/spa.html`],
          connections: ['email'],
        },
      ],
    });
    tls.target.port = Number(new URL(s.url).port);
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    context = await loopbackContext();
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await s?.close();
    tls?.server.close();
    app?.server.close();
    other?.server.close();
  });

  /**
   * A browser context that reaches loopback only: Lock also asks cdn.auth0.com (its language file,
   * a logo) and Gravatar, which are refused here (Lock then uses its built-in English).
   */
  async function loopbackContext(): Promise<BrowserContext> {
    const ctx = await browser.newContext({ ignoreHTTPSErrors: true });
    await ctx.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => route.abort('blockedbyclient'),
    );
    return ctx;
  }

  /** A WebAuth as an app sets one up: domain, client, response type, redirect URI. Nothing else. */
  const webAuth = () =>
    `new auth0.WebAuth({ domain: ${JSON.stringify(domain)}, clientID: 'legacy', responseType: 'token id_token', ` +
    `redirectUri: ${JSON.stringify(`${app.origin}/a0.html`)}, scope: 'openid email' })`;

  /** Calls a WebAuth method in the page with `options` (if any) and its node-style callback. */
  async function webAuthCall(
    method: string,
    options?: object,
  ): Promise<{ err: Record<string, unknown> | null; res: Record<string, unknown> | null }> {
    return (await page.evaluate(`new Promise((resolve) => {
      const web = ${webAuth()};
      web.${method}(${options ? `${JSON.stringify(options)}, ` : ''}(err, res) => resolve({
        err: err ? { error: err.error || err.code, description: err.errorDescription || err.description } : null,
        res: res ? { email: res.idTokenPayload && res.idTokenPayload.email, accessToken: res.accessToken } : null,
      }));
    })`)) as { err: Record<string, unknown> | null; res: Record<string, unknown> | null };
  }

  it('auth0-js: passwordlessStart + passwordlessLogin embedded sign in; parseHash reads the tokens', async () => {
    await page.goto(`${app.origin}/a0.html`);
    const email = 'embedded@example.com';
    const start = await page.evaluate(`new Promise((resolve) => {
      ${webAuth()}.passwordlessStart({ connection: 'email', send: 'code', email: ${JSON.stringify(email)} },
        (err) => resolve(err ? JSON.stringify(err) : null));
    })`);
    assert.equal(start, null);
    const code = await s.lastCode(email);
    // passwordlessLogin posts to /co/authenticate, then navigates to /authorize with the ticket.
    const back = page.waitForURL((u) => u.pathname === '/a0.html' && u.hash.length > 1);
    await page.evaluate(`${webAuth()}.passwordlessLogin(
      { connection: 'email', email: ${JSON.stringify(email)}, verificationCode: ${JSON.stringify(code)} },
      (err) => { window.loginError = err; })`);
    await back;
    const parsed = await webAuthCall('parseHash');
    assert.equal(parsed.err, null, JSON.stringify(parsed.err));
    assert.equal(parsed.res!.email, email);
    assert.equal(typeof parsed.res!.accessToken, 'string');
  });

  it('auth0-js: checkSession gets tokens through web_message from the session', async () => {
    await page.goto(`${app.origin}/a0.html`);
    const res = await webAuthCall('checkSession', {});
    assert.equal(res.err, null, JSON.stringify(res.err));
    assert.equal(res.res!.email, 'embedded@example.com');
  });

  /** An auth0-spa-js client as an app makes one: domain, client and redirect URI. */
  const spaClient = (origin: string) =>
    `new auth0.Auth0Client({ domain: ${JSON.stringify(domain)}, clientId: 'spa', ` +
    `authorizationParams: { redirect_uri: ${JSON.stringify(`${origin}/spa.html`)} } })`;

  it('auth0-spa-js: getTokenSilently (iframe mode) and getUser from the same session', async () => {
    await page.goto(`${app.origin}/spa.html`);
    const result = (await page.evaluate(`(async () => {
      const client = ${spaClient(app.origin)};
      try {
        const token = await client.getTokenSilently();
        const user = await client.getUser();
        return { token, email: user && user.email };
      } catch (e) {
        return { error: e.error || String(e), description: e.error_description };
      }
    })()`)) as { token?: string; email?: string; error?: string; description?: string };
    assert.equal(result.error, undefined, JSON.stringify(result));
    assert.equal(typeof result.token, 'string');
    assert.equal(result.email, 'embedded@example.com');
  });

  it('an origin that is not a web origin gets no postMessage: getTokenSilently times out', async () => {
    await page.goto(`${other.origin}/spa.html`);
    const result = (await page.evaluate(`(async () => {
      const messages = [];
      window.addEventListener('message', (e) => messages.push(e.data && e.data.type));
      const client = ${spaClient(other.origin)};
      try {
        await client.getTokenSilently({ timeoutInSeconds: 5 });
        return { messages, error: null };
      } catch (e) {
        return { messages, error: e.error || String(e) };
      }
    })()`)) as { messages: string[]; error: string | null };
    assert.equal(result.error, 'timeout');
    assert.ok(!result.messages.includes('authorization_response'), JSON.stringify(result.messages));
  });

  it('auth0-js logout goes through /v2/logout back to the app; checkSession then needs a sign-in', async () => {
    // A query the returnTo lacks, so that arriving back is seen.
    await page.goto(`${app.origin}/a0.html?before-logout`);
    const logout = page.waitForResponse((r) => new URL(r.url()).pathname === '/v2/logout');
    const back = page.waitForURL((u) => u.pathname === '/a0.html' && u.search === '');
    // logout() navigates at once, which ends the evaluation's page.
    await page
      .evaluate(`${webAuth()}.logout({ returnTo: ${JSON.stringify(`${app.origin}/a0.html`)} })`)
      .catch((e: Error) => assert.match(e.message, /navigation|destroyed/));
    assert.equal((await logout).status(), 302);
    await back;
    const res = await webAuthCall('checkSession', {});
    assert.equal(res.err?.error, 'login_required');
  });

  for (const connection of ['email', 'sms'] as const) {
    it(`Lock 14 Auth0LockPasswordless: ${connection} code to its authenticated event`, async () => {
      const lockContext = await loopbackContext();
      const lockPage = await lockContext.newPage();
      try {
        await lockPage.goto(`${app.origin}/lock.html?connection=${connection}`);
        const identifier = connection === 'email' ? 'lock@example.com' : '+14155550123';
        if (connection === 'email') {
          await lockPage.fill('input[name="email"]', identifier);
        } else {
          // Lock's country picker starts on the United States (+1).
          await lockPage.fill('input[name="phoneNumber"]', identifier.slice(2));
        }
        await lockPage.click('button.auth0-lock-submit');
        await lockPage.waitForSelector('input[name="vcode"]');
        await lockPage.fill('input[name="vcode"]', await s.lastCode(identifier));
        await lockPage.click('button.auth0-lock-submit');
        // Lock posts to /co/authenticate, goes to /authorize with the ticket, and comes back here.
        await lockPage.waitForFunction('window.authResult || window.authError');
        const result = (await lockPage.evaluate(
          '({ error: window.authError && JSON.stringify(window.authError), payload: window.authResult && window.authResult.idTokenPayload, accessToken: window.authResult && window.authResult.accessToken })',
        )) as { error?: string; payload?: Record<string, unknown>; accessToken?: string };
        assert.equal(result.error, undefined);
        assert.equal(typeof result.accessToken, 'string');
        assert.equal(connection === 'email' ? result.payload!.email : result.payload!.phone_number, identifier);
      } finally {
        await lockContext.close();
      }
    });
  }
});
