/**
 * auth0-spa-js as an app uses it, unchanged, through the API's hosted login page (the built
 * <passwordless-login> element): loginWithRedirect, the person signs in with an email code,
 * handleRedirectCallback, getUser, getTokenSilently with refresh tokens and in its default iframe
 * mode, and logout with returnTo (/v2/logout). The SDK builds `https://{domain}` URLs and expects
 * the issuer `https://{domain}/`: the API runs behind a loopback TLS listener (self-signed; the
 * browser context ignores certificate errors, a test setting) and the app's page is served over
 * TLS from the same host, the same site as the API, as with a custom domain.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import { createServer, type Server } from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from '../server/helpers.js';
import { tlsFront, type Tls } from '../server/tls.js';
import { launchChromium, PageGuard, newGuardedContext } from './support/browser.js';
import { requestEmail, typeCode, waitForState } from './support/login-page.js';

const require = createRequire(import.meta.url);
const REACT_APP = resolve(new URL('.', import.meta.url).pathname, 'pages/auth0-react');
const REACT_BUILD = resolve(new URL('../..', import.meta.url).pathname, '.tmp/e2e-auth0-react');

/** The React app built by Vite as its developers would (`vite build`), into .tmp/. */
async function buildReactApp(): Promise<void> {
  const { build } = await import('vite');
  // Vite sets NODE_ENV=production for the process; the API in this process must not see it.
  const nodeEnv = process.env.NODE_ENV;
  try {
    await build({
      root: REACT_APP,
      configFile: false,
      logLevel: 'silent',
      build: { outDir: REACT_BUILD, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** Serves the built React app over TLS, and /config.js with this run's domain and client. */
async function reactSite(tls: Tls, config: () => object): Promise<{ server: Server; origin: string }> {
  const server = createServer({ key: tls.key, cert: tls.ca }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/config.js') {
      res.setHeader('content-type', 'text/javascript');
      res.end(`window.APP_CONFIG = ${JSON.stringify(config())};`);
      return;
    }
    const file = join(REACT_BUILD, path === '/' ? 'index.html' : normalize(path).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(REACT_BUILD) || !existsSync(file)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', file.endsWith('.js') ? 'text/javascript' : 'text/html');
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
const SPA_JS = readFileSync(require.resolve('@auth0/auth0-spa-js/dist/auth0-spa-js.production.js'), 'utf8');

describe('auth0-spa-js through the hosted login page (Chromium)', () => {
  let tls: Tls;
  let s: TestServer;
  let app: Server;
  let appOrigin: string;
  let react: { server: Server; origin: string };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let domain: string;
  const guard = new PageGuard();

  before(async () => {
    tls = await tlsFront();
    domain = `127.0.0.1:${tls.port}`;
    app = createServer({ key: tls.key, cert: tls.ca }, (req, res) => {
      const script = req.url === '/auth0-spa-js.js';
      res.setHeader('content-type', script ? 'text/javascript' : 'text/html');
      res.end(
        script
          ? SPA_JS
          : '<!doctype html><title>SPA</title><link rel="icon" href="data:,"><script src="/auth0-spa-js.js"></script>',
      );
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    appOrigin = `https://127.0.0.1:${(app.address() as AddressInfo).port}`;
    await buildReactApp();
    react = await reactSite(tls, () => ({ domain, clientId: 'react' }));
    s = await startServer({
      issuer: `https://${domain}/`,
      clients: [
        {
          client_id: 'spa',
          name: 'Acme SPA',
          allowed_origins: [appOrigin],
          web_origins: [appOrigin],
          redirect_uris: [`${appOrigin}/`],
          post_logout_redirect_uris: [`${appOrigin}/`],
          connections: ['email'],
        },
        {
          client_id: 'react',
          name: 'Acme React',
          allowed_origins: [react.origin],
          web_origins: [react.origin],
          redirect_uris: [`${react.origin}/`],
          post_logout_redirect_uris: [`${react.origin}/`],
          connections: ['email'],
        },
      ],
    });
    tls.target.port = Number(new URL(s.url).port);
    browser = await launchChromium();
    // A self-signed certificate on loopback (a test setting); and loopback only.
    context = await newGuardedContext(browser, guard, { ignoreHTTPSErrors: true });
    await context.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => route.abort('blockedbyclient'),
    );
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await s?.close();
    tls?.server.close();
    app?.close();
    react?.server.close();
  });

  /** The client as the app makes it; `refresh` turns on useRefreshTokens (kept in localStorage). */
  const client = (refresh: boolean) =>
    `new auth0.Auth0Client({ domain: ${JSON.stringify(domain)}, clientId: 'spa', ` +
    `authorizationParams: { redirect_uri: ${JSON.stringify(`${appOrigin}/`)}, scope: 'openid email offline_access' }` +
    (refresh ? `, useRefreshTokens: true, cacheLocation: 'localstorage' })` : ' })');

  it('loginWithRedirect, sign-in on the hosted page, handleRedirectCallback, getUser, refresh and iframe', async () => {
    await page.goto(`${appOrigin}/`);
    const hosted = page.waitForURL((u) => u.pathname === '/authorize');
    await page.evaluate(`${client(true)}.loginWithRedirect()`).catch(() => {});
    await hosted;
    const email = 'spa-user@example.com';
    await requestEmail(page, email);
    await waitForState(page, 'code');
    const backAtApp = page.waitForURL((u) => u.origin === appOrigin && u.searchParams.has('code'));
    await typeCode(page, await s.lastCode(email));
    await backAtApp;
    const result = (await page.evaluate(`(async () => {
      const c = ${client(true)};
      try {
        await c.handleRedirectCallback();
        const user = await c.getUser();
        const first = await c.getTokenSilently({ detailedResponse: true });
        const refreshed = await c.getTokenSilently({ cacheMode: 'off', detailedResponse: true });
        const iframe = await ${client(false)}.getTokenSilently({ detailedResponse: true });
        return { email: user.email, first: first.access_token, refreshed: refreshed.access_token, iframe: iframe.access_token };
      } catch (e) {
        return { error: e.error || String(e), description: e.error_description };
      }
    })()`)) as Record<string, string | undefined>;
    assert.equal(result.error, undefined, JSON.stringify(result));
    assert.equal(result.email, email);
    assert.ok(result.first && result.refreshed && result.iframe);
    assert.notEqual(result.refreshed, result.first, 'useRefreshTokens got a new token with the refresh token');
    assert.deepEqual(guard.problems, []);
  });

  it('logout with returnTo comes back to the app, and the session is gone', async () => {
    const back = page.waitForURL((u) => u.origin === appOrigin && !u.searchParams.has('code'));
    await page
      .evaluate(`${client(true)}.logout({ logoutParams: { returnTo: ${JSON.stringify(`${appOrigin}/`)} } })`)
      .catch(() => {});
    await back;
    const error = await page.evaluate(`${client(false)}.getTokenSilently().then(() => null, (e) => e.error)`);
    assert.equal(error, 'login_required');
    assert.deepEqual(guard.problems, []);
  });

  it('auth0-react: a Vite React app with Auth0Provider signs in through the hosted page and out', async () => {
    const reactPage = await context.newPage();
    const status = reactPage.getByRole('status');
    await reactPage.goto(`${react.origin}/`);
    await status.filter({ hasText: 'Signed out' }).waitFor();
    await reactPage.getByRole('button', { name: 'Log in' }).click();
    await reactPage.waitForURL((u) => u.pathname === '/authorize');
    const email = 'react-user@example.com';
    await requestEmail(reactPage, email);
    await waitForState(reactPage, 'code');
    await typeCode(reactPage, await s.lastCode(email));
    await status.filter({ hasText: `Signed in as ${email}` }).waitFor();
    await reactPage.getByRole('button', { name: 'Log out' }).click();
    await reactPage.waitForURL((u) => u.pathname === '/v2/logout' || u.origin === react.origin);
    await status.filter({ hasText: 'Signed out' }).waitFor();
    assert.deepEqual(guard.problems, []);
  });

  it('loginWithPopup: the hosted page in a popup posts its answer back (web_message)', async () => {
    const appPage = await context.newPage();
    await appPage.goto(`${appOrigin}/`);
    const popupOpened = appPage.waitForEvent('popup');
    const signedIn = appPage.evaluate(`(async () => {
      window.popupClient = ${client(false)};
      try {
        await window.popupClient.loginWithPopup();
        const user = await window.popupClient.getUser();
        return { email: user && user.email };
      } catch (e) {
        return { error: e.error || String(e) };
      }
    })()`) as Promise<{ email?: string; error?: string }>;
    const popup = await popupOpened;
    await popup.waitForURL((u) => u.pathname === '/authorize');
    const email = 'popup-user@example.com';
    await requestEmail(popup, email);
    await waitForState(popup, 'code');
    await typeCode(popup, await s.lastCode(email));
    const result = await signedIn;
    assert.equal(result.error, undefined, JSON.stringify(result));
    assert.equal(result.email, email);
    assert.deepEqual(guard.problems, []);
  });
});
