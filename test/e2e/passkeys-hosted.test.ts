/**
 * Passkeys on the hosted login page, in real Chromium with its virtual authenticator: an app using
 * openid-client (this Node process) sends the browser to /authorize; the person, who saved a
 * passkey earlier (MyAccount enrolment after a code sign-in), presses "Sign in with a passkey" on
 * the API's hosted page and is back at the app with `code`, `state` and `iss`; openid-client
 * redeems the code (PKCE, state, nonce) and the ID token says a passkey was used. The API's issuer
 * is `http://localhost:port` (a passkey's RP ID must be a host name). Needs dist/cdn
 * (`npm run build:widget`): the hosted page serves the script-tag build.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import * as oidc from 'openid-client';
import { startApiServer, type ApiServer } from './support/api-server.js';
import { launchChromium, newGuardedContext, PageGuard } from './support/browser.js';
import { typeCode, waitForState } from './support/login-page.js';

const REPO = resolve(new URL('../..', import.meta.url).pathname);
const WEBAUTHN = 'urn:okta:params:oauth:grant-type:webauthn';
const OTP = 'http://auth0.com/oauth/grant-type/passwordless/otp';
const RP = 'rp-passkeys';
const RP_NO_PASSKEYS = 'rp-codes';

describe('passkeys on the hosted login page (Chromium, virtual authenticator, openid-client)', () => {
  let api: ApiServer;
  let browser: Browser;
  let rp: Server;
  let redirectUri: string;
  let config: oidc.Configuration;
  let plainConfig: oidc.Configuration;

  before(async () => {
    if (!existsSync(resolve(REPO, 'dist/cdn/passwordless-login.js'))) {
      throw new Error('dist/cdn is missing: run `npm run build:widget` first');
    }
    rp = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><title>Acme Notes</title><link rel="icon" href="data:,"><p>Back at the app.</p>');
    });
    await new Promise<void>((r) => rp.listen(0, '127.0.0.1', r));
    const rpOrigin = `http://127.0.0.1:${(rp.address() as AddressInfo).port}`;
    redirectUri = `${rpOrigin}/callback`;
    api = await startApiServer({
      smtpUrl: 'smtp://127.0.0.1:1',
      smsWebhookUrl: 'http://127.0.0.1:1/sms',
      smsWebhookSecret: 'unused-unused-unused',
      appOrigin: rpOrigin,
      redirectPaths: [],
      issuer: (port) => `http://localhost:${port}`,
      extraClients: [
        {
          client_id: RP,
          name: 'Acme Notes',
          redirect_uris: [redirectUri],
          connections: ['email'],
          grant_types: [OTP, 'authorization_code', 'refresh_token', WEBAUTHN],
        },
        { client_id: RP_NO_PASSKEYS, name: 'Acme Codes', redirect_uris: [redirectUri], connections: ['email'] },
      ],
      config: { email: { provider: 'outbox' }, passkeys: { rp_id: 'localhost' } },
    });
    const discover = (clientId: string) =>
      oidc.discovery(new URL(api.origin), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    config = await discover(RP);
    plainConfig = await discover(RP_NO_PASSKEYS);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
    rp?.close();
  });

  async function lastCode(email: string): Promise<string> {
    const outbox = (await (await fetch(`${api.origin}/dev/outbox`)).json()) as { to: string; code: string }[];
    const message = outbox.find((m) => m.to === email);
    assert.ok(message, `no message to ${email}`);
    return message.code;
  }

  /** A browser tab with a virtual authenticator (resident keys, user verification). */
  async function openTab(): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession; guard: PageGuard; authenticatorId: string }> {
    const guard = new PageGuard();
    const context = await newGuardedContext(browser, guard);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    return { context, page, cdp, guard, authenticatorId };
  }

  /**
   * Saves a passkey for `email` on the tab's authenticator, as a signed-in user does: a code
   * sign-in for MyAccount's audience, MyAccount's enrolment, the ceremony on the API's origin.
   */
  async function savePasskey(page: Page, email: string): Promise<string> {
    const start = await fetch(`${api.origin}/passwordless/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: RP, connection: 'email', email, send: 'code' }),
    });
    assert.equal(start.status, 200);
    const signIn = await fetch(`${api.origin}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: OTP,
        client_id: RP,
        username: email,
        otp: await lastCode(email),
        realm: 'email',
        scope: 'openid create:me:authentication_methods',
        audience: `${api.origin}/me/`,
      }),
    });
    const tokens = (await signIn.json()) as { access_token: string; id_token: string };
    assert.equal(signIn.status, 200, JSON.stringify(tokens));
    const auth = { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' };
    const begun = await fetch(`${api.origin}/me/v1/authentication-methods`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ type: 'passkey' }),
    });
    assert.equal(begun.status, 201);
    const { authn_params_public_key, auth_session } = (await begun.json()) as {
      authn_params_public_key: unknown;
      auth_session: string;
    };
    // Any document of the API's origin will do for the ceremony.
    await page.goto(`${api.origin}/authorize/assets/hosted.css`);
    const credential = await page.evaluate(async (options) => {
      const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(
        options as PublicKeyCredentialCreationOptionsJSON,
      );
      const created = (await navigator.credentials.create({ publicKey })) as PublicKeyCredential;
      return created.toJSON();
    }, authn_params_public_key);
    const verified = await fetch(`${begun.headers.get('location')}/verify`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ auth_session, authn_response: credential }),
    });
    assert.equal(verified.status, 201, await verified.clone().text());
    return JSON.parse(Buffer.from(tokens.id_token.split('.')[1]!, 'base64url').toString()).sub as string;
  }

  async function authorizationRequest(rpConfig = config) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(rpConfig, {
      redirect_uri: redirectUri,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, verifier, state, nonce };
  }

  const backAtApp = async (page: Page) => {
    await page.waitForURL((u) => u.href.startsWith(redirectUri), { timeout: 20_000 });
    return new URL(page.url());
  };

  const passkeyButton = (page: Page) => page.getByRole('button', { name: 'Sign in with a passkey' });

  it('signs in with a passkey saved earlier: back at the app with code, state and iss, amr of a passkey', async () => {
    const { context, page, guard } = await openTab();
    try {
      const sub = await savePasskey(page, 'ann@e2e.test');
      const request = await authorizationRequest();
      const starts: string[] = [];
      page.on('request', (r) => r.url().includes('/passwordless/start') && starts.push(r.url()));
      await page.goto(request.url.href);
      assert.equal(new URL(page.url()).origin, api.origin, 'the hosted page of the API');
      await waitForState(page, 'identifier');
      await passkeyButton(page).click();
      const callback = await backAtApp(page);
      assert.equal(callback.searchParams.get('iss'), api.origin);
      assert.equal(callback.searchParams.get('state'), request.state);
      assert.deepEqual(starts, [], 'no code was sent');

      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
      });
      const claims = tokens.claims()!;
      assert.equal(claims.sub, sub);
      assert.equal(claims.email, 'ann@e2e.test');
      assert.deepEqual(claims.amr, ['pop', 'mfa']);
      assert.equal(typeof claims.auth_time, 'number');
      assert.equal(typeof claims.sid, 'string', 'a session was made');

      // The session answers the next request without any UI.
      const again = await authorizationRequest();
      await page.goto(again.url.href);
      const silent = await oidc.authorizationCodeGrant(config, await backAtApp(page), {
        pkceCodeVerifier: again.verifier,
        expectedState: again.state,
        expectedNonce: again.nonce,
      });
      assert.equal(silent.claims()!.sid, claims.sid);
      assert.deepEqual(silent.claims()!.amr, ['pop', 'mfa']);
      guard.assertClean();
    } finally {
      await context.close();
    }
  });

  it('a ceremony that gives no passkey says so, and a code still completes the sign-in', async () => {
    const { context, page, cdp, guard, authenticatorId } = await openTab();
    try {
      await savePasskey(page, 'bea@e2e.test');
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
      const request = await authorizationRequest();
      await page.goto(request.url.href);
      await waitForState(page, 'identifier');
      await passkeyButton(page).click();
      await page.getByRole('alert').filter({ hasText: 'No passkey was used. Try again or use a code.' }).waitFor();

      await page.getByLabel('Email', { exact: true }).fill('cal@e2e.test');
      await page.getByLabel('Email', { exact: true }).press('Enter');
      await waitForState(page, 'code');
      await typeCode(page, await lastCode('cal@e2e.test'));
      const tokens = await oidc.authorizationCodeGrant(config, await backAtApp(page), {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
      });
      assert.equal(tokens.claims()!.email, 'cal@e2e.test');
      assert.deepEqual(tokens.claims()!.amr, ['otp']);
      guard.assertClean();
    } finally {
      await context.close();
    }
  });

  it('offers no passkey to a client without the webauthn grant, and asks the API nothing about it', async () => {
    const { context, page, guard } = await openTab();
    try {
      const asked: string[] = [];
      page.on('request', (r) => /openid-configuration|\/passkey\//.test(r.url()) && asked.push(r.url()));
      await page.goto((await authorizationRequest(plainConfig)).url.href);
      await waitForState(page, 'identifier');
      await page.waitForLoadState('networkidle');
      assert.equal(await passkeyButton(page).count(), 0);
      assert.deepEqual(asked, []);
      await page.getByRole('button', { name: 'Send code' }).waitFor();
      guard.assertClean();
    } finally {
      await context.close();
    }
  });
});
