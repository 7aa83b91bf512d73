/**
 * auth0-spa-js's own passkey sign-up against this server, in real Chromium with its virtual
 * authenticator. This server binds a passkey to a new identifier only once a code proved it in the
 * same `auth_session` (POST /passkey/register/verify), and `passkey.signup()` has no step for that:
 * it is refused with a clear `invalid_grant`. The SDK's granular calls leave room for the proof:
 * `getSignupChallenge()`, then the code, then the ceremony and `getTokenWithPasskey()`; the passkey
 * then signs in with `passkey.login()`.
 *
 * auth0-spa-js builds `https://{domain}` URLs and checks the issuer `https://{domain}/`: the API's
 * issuer is `https://localhost:port/` and the page's https requests to it are answered by the API
 * over http (Playwright's routing), as in ./passkeys.test.ts.
 */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { startApiServer, type ApiServer } from './support/api-server.js';
import { addVirtualAuthenticator, launchChromium, PageGuard } from './support/browser.js';
import { startStaticServer, type StaticServer } from './support/static-server.js';
import { buildPasskeyApp } from './support/build-pages.js';

const REPO = resolve(new URL('../..', import.meta.url).pathname);
const BUILD = resolve(REPO, '.tmp/e2e-passkeys-signup');
const WEBAUTHN = 'urn:okta:params:oauth:grant-type:webauthn';
const OTP = 'http://auth0.com/oauth/grant-type/passwordless/otp';

const claims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

declare global {
  interface Window {
    auth0: InstanceType<Window['Auth0Client']>;
    signupChallenge: { authSession: string; publicKey: PublicKeyCredentialCreationOptions };
  }
}

/** What a refused SDK call threw: its class, `error` and `error_description` (GenericError's). */
interface Thrown {
  name: string;
  error?: string;
  error_description?: string;
  message: string;
}

describe("auth0-spa-js's passkey.signup() (Chromium, virtual authenticator)", () => {
  let api: ApiServer;
  let pages: StaticServer;
  let browser: Browser;
  let appOrigin: string;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId: string;
  const guard = new PageGuard();
  /** Token responses the page received, in order (their bodies are read as they arrive). */
  const tokenResponses: Promise<{ status: number; body: Record<string, string> }>[] = [];
  const lastTokenResponse = async () => (await Promise.all(tokenResponses)).at(-1)!;

  before(async () => {
    await buildPasskeyApp(BUILD);
    pages = await startStaticServer({ mounts: { '/build/': BUILD, '/': resolve(REPO, 'test/e2e/pages') } });
    appOrigin = pages.origin.replace('127.0.0.1', 'localhost');
    api = await startApiServer({
      smtpUrl: 'smtp://127.0.0.1:1',
      smsWebhookUrl: 'http://127.0.0.1:1/sms',
      smsWebhookSecret: 'unused-unused-unused',
      appOrigin,
      redirectPaths: ['/passkey.html'],
      issuer: (port) => `https://localhost:${port}/`,
      client: { grant_types: [OTP, 'authorization_code', 'refresh_token', WEBAUTHN] },
      config: { email: { provider: 'outbox' }, passkeys: { rp_id: 'localhost' } },
    });
    pages.setApi(api.origin, api.clientId);
    browser = await launchChromium();

    context = await browser.newContext({ bypassCSP: true });
    guard.watch(context);
    const host = new URL(api.origin).host;
    await context.route(`https://${host}/**`, async (route) => {
      const response = await route.fetch({ url: route.request().url().replace('https:', 'http:') });
      await route.fulfill({ response });
    });
    page = await context.newPage();
    page.on('response', (r) => {
      if (r.url() !== `https://${host}/oauth/token`) return;
      tokenResponses.push(r.json().then((body: Record<string, string>) => ({ status: r.status(), body })));
    });
    await page.goto(`${appOrigin}/passkey.html`);
    await page.waitForFunction(() => 'Auth0Client' in window);
    await page.evaluate(
      ([domain, clientId, origin]) => {
        window.auth0 = new window.Auth0Client({
          domain: domain!,
          clientId: clientId!,
          authorizationParams: { redirect_uri: `${origin}/passkey.html`, scope: 'openid email' },
        });
      },
      [host, api.clientId, appOrigin],
    );
    cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    authenticatorId = await addVirtualAuthenticator(cdp);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await api?.stop();
    await pages?.close();
    await rm(BUILD, { recursive: true, force: true });
  });

  const credentialsOnDevice = async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;

  /** Runs `call` in the page: 'ok' or what it threw. */
  const attempt = (call: string) =>
    page.evaluate(
      (source) =>
        (new Function(`return (${source})()`)() as Promise<unknown>).then(
          () => 'ok' as const,
          (e: Error & { error?: string; error_description?: string }) => ({
            name: e.constructor.name,
            error: e.error,
            error_description: e.error_description,
            message: e.message,
          }),
        ),
      call,
    ) as Promise<'ok' | Thrown>;

  it('signup() alone is refused with a clear invalid_grant: no code proved the new email', async () => {
    guard.allowHttpErrors(403); // the refusal itself, which Chromium logs
    const outcome = await attempt(`() => window.auth0.passkey.signup({ email: 'new@e2e.test', name: 'New' })`);
    assert.notEqual(outcome, 'ok');
    const thrown = outcome as Thrown;
    assert.equal(thrown.error, 'invalid_grant');
    assert.match(
      thrown.error_description ?? '',
      /^Verify the email address with a code in this auth_session before signing up with a passkey/,
    );
    const last = await lastTokenResponse();
    assert.equal(last.status, 403);
    assert.equal(last.body.error, 'invalid_grant');
    // The SDK ran the ceremony before the exchange: the device holds a passkey the server refused.
    assert.equal((await credentialsOnDevice()).length, 1);
    // Nobody is signed in in the SDK.
    assert.equal(await page.evaluate(() => window.auth0.isAuthenticated()), false);
    guard.assertClean();
  });

  it('getSignupChallenge(), the code proof, then getTokenWithPasskey() signs the new user up; login() then works', async () => {
    const email = 'new@e2e.test';
    const authSession = await page.evaluate(async (e) => {
      window.signupChallenge = await window.auth0.passkey.getSignupChallenge({ email: e, name: 'New' });
      return window.signupChallenge.authSession;
    }, email);

    // The proof step, between the SDK's calls: a code to the address, given back with the session.
    const start = await fetch(`${api.origin}/passwordless/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: api.clientId, connection: 'email', email, send: 'code' }),
    });
    assert.equal(start.status, 200);
    const outbox = (await (await fetch(`${api.origin}/dev/outbox`)).json()) as { to: string; code: string }[];
    const wrong = await fetch(`${api.origin}/passkey/register/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: api.clientId, auth_session: authSession, otp: 'nope' }),
    });
    assert.equal(wrong.status, 403, 'a wrong code proves nothing');
    const proof = await fetch(`${api.origin}/passkey/register/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: api.clientId,
        auth_session: authSession,
        otp: outbox.find((m) => m.to === email)!.code,
      }),
    });
    assert.equal(proof.status, 200, await proof.clone().text());

    const outcome = await attempt(`async () => {
      const { authSession, publicKey } = window.signupChallenge;
      const credential = await navigator.credentials.create({ publicKey });
      await window.auth0.passkey.getTokenWithPasskey({ authSession, credential, scope: 'openid email' });
    }`);
    assert.equal(outcome, 'ok', JSON.stringify(outcome));
    const signedUp = claims((await lastTokenResponse()).body.id_token!);
    assert.equal(signedUp.email, 'new@e2e.test');
    assert.deepEqual(signedUp.amr, ['otp', 'pop', 'mfa']);
    assert.equal(((await page.evaluate(() => window.auth0.getUser())) as { email?: string }).email, email);
    // The same user handle: the authenticator replaced the refused passkey with the new one.
    assert.equal((await credentialsOnDevice()).length, 1);

    // Later: passkey.login() with it alone.
    await page.evaluate(() => window.auth0.logout({ openUrl: false }));
    assert.equal(await attempt(`() => window.auth0.passkey.login({ scope: 'openid email' })`), 'ok');
    const login = claims((await lastTokenResponse()).body.id_token!);
    assert.equal(login.sub, signedUp.sub);
    assert.deepEqual(login.amr, ['pop', 'mfa']);
    guard.assertClean();
  });
});
