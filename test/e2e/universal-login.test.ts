/**
 * Universal login with a standard relying party: openid-client 6 in this Node process builds the
 * authorization URL, real Chromium opens it, the person signs in on the API's hosted page (the same
 * <passwordless-login> element) with the code from the real SMTP receiver, and openid-client
 * redeems the code (PKCE, state, nonce, max_age, iss), reads /userinfo and refreshes. A second
 * /authorize in the same browser is silent through the session. The hosted page must raise no
 * CSP violation or console error and pass axe.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import * as oidc from 'openid-client';
import { startEnvironment, uniqueEmail, type Environment } from './support/environment.js';
import { withGuardedContext, type PageGuard } from './support/browser.js';
import { elementText, requestEmail, typeCode, waitForState } from './support/login-page.js';

const RP = 'rp-web';
const CALLBACK = '/rp/callback';

let env: Environment;
let config: oidc.Configuration;
/** The same app registered as a client whose hosted page sends magic links. */
let linkConfig: oidc.Configuration;
const LINK_RP = 'rp-link';
let redirectUri: string;
/** The relying party's web server: its callback page only (openid-client runs in this process). */
let rp: Server;

before(async () => {
  rp = createServer((_request, response) => {
    // An icon of its own, so Chromium asks for no /favicon.ico.
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>Acme Notes</title><link rel="icon" href="data:,"><p>Back at the app.</p>');
  });
  await new Promise<void>((resolve) => rp.listen(0, '127.0.0.1', resolve));
  redirectUri = `http://127.0.0.1:${(rp.address() as AddressInfo).port}${CALLBACK}`;
  env = await startEnvironment({
    clients: () => [
      {
        client_id: RP,
        name: 'Acme Notes',
        redirect_uris: [redirectUri],
        post_logout_redirect_uris: [redirectUri],
        connections: ['email', 'sms'],
      },
      { client_id: LINK_RP, name: 'Acme Links', redirect_uris: [redirectUri], magic_link: true },
    ],
  });
  config = await oidc.discovery(new URL(env.api.origin), RP, undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
  linkConfig = await oidc.discovery(new URL(env.api.origin), LINK_RP, undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
});
after(async () => {
  await env?.close();
  rp?.close();
});

/** A fresh browser (cookies and storage of its own) with a guard over its pages. */
const withBrowser = (run: (context: BrowserContext, guard: PageGuard) => Promise<void>) =>
  withGuardedContext(env.browser, run);

interface Request {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

async function authorizationRequest(extra: Record<string, string> = {}, rp = config): Promise<Request> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(rp, {
    redirect_uri: redirectUri,
    scope: 'openid email offline_access',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return { url, verifier, state, nonce };
}

/** Waits until the browser is back at the RP and returns that URL. */
async function backAtApp(page: Page): Promise<URL> {
  await page.waitForURL((u) => u.href.startsWith(redirectUri), { timeout: 20_000 });
  return new URL(page.url());
}

/** The type of the focused control inside the element (`email`, `radio`, …), '' when none. */
function focusedField(page: Page): Promise<string> {
  return page.evaluate(
    `document.activeElement === document.querySelector('passwordless-login')
      ? document.querySelector('passwordless-login').shadowRoot.activeElement?.type ?? '' : ''`,
  ) as Promise<string>;
}

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core evaluated through the DevTools protocol: a script tag would (rightly) break the CSP. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations.map((v) =>
      v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`,
  )) as string[];
}

describe('universal login with openid-client as the relying party', () => {
  it('signs in on the hosted page with an email code, then again silently through the session', async () => {
    await withBrowser(async (context) => {
      const email = uniqueEmail('hosted');
      const first = await authorizationRequest({ max_age: '600', login_hint: email });
      const page = await context.newPage();
      const response = await page.goto(first.url.href);
      const csp = response?.headers()['content-security-policy'] ?? '';
      assert.match(csp, /default-src 'self'/, 'the hosted page has its own strict CSP');
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.equal(new URL(page.url()).origin, env.api.origin, 'the page is served by the API itself');
      await waitForState(page, 'identifier');
      assert.match(await page.locator('h1').innerText(), /Acme Notes/, 'the page names the application');
      assert.equal(await page.getByLabel('Email', { exact: true }).inputValue(), email, 'login_hint prefilled');
      assert.deepEqual(await axeViolations(page), [], 'the hosted page passes axe');

      await requestEmail(page, email);
      await waitForState(page, 'code');
      const mail = await env.smtp.waitForMail(email);
      assert.match(mail.text, /Acme Notes/, 'the email names the application');
      await typeCode(page, mail.code!);
      const callback = await backAtApp(page);
      assert.equal(callback.searchParams.get('iss'), env.api.origin, 'RFC 9207 iss');

      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: first.verifier,
        expectedState: first.state,
        expectedNonce: first.nonce,
        maxAge: 600,
      });
      const claims = tokens.claims()!;
      assert.equal(claims.email, email);
      assert.equal(claims.email_verified, true);
      assert.equal(typeof claims.auth_time, 'number');
      assert.deepEqual(claims.amr, ['otp']);
      assert.equal(typeof claims.sid, 'string', 'sid of the session');
      assert.ok(tokens.refresh_token, 'offline_access gives a refresh token');

      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      assert.equal(info.email, email);

      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      assert.equal(refreshed.claims()!.auth_time, claims.auth_time, 'auth_time is kept on refresh');
      assert.equal(refreshed.claims()!.sub, claims.sub);

      // Same browser, new request: the session answers without any UI.
      const second = await authorizationRequest();
      await page.goto(second.url.href);
      const silent = await backAtApp(page);
      const again = await oidc.authorizationCodeGrant(config, silent, {
        pkceCodeVerifier: second.verifier,
        expectedState: second.state,
        expectedNonce: second.nonce,
      });
      assert.equal(again.claims()!.sub, claims.sub, 'the same person, signed in by the session');
      assert.equal(again.claims()!.auth_time, claims.auth_time, 'auth_time is that of the sign-in');
      assert.equal(again.claims()!.sid, claims.sid);

      // prompt=login asks again even with a session.
      const forced = await authorizationRequest({ prompt: 'login' });
      await page.goto(forced.url.href);
      await waitForState(page, 'identifier');
      assert.match(await elementText(page), /Email/);

      // Revocation (RFC 7009) kills the refresh token family.
      await oidc.tokenRevocation(config, refreshed.refresh_token!);
      await assert.rejects(
        oidc.refreshTokenGrant(config, refreshed.refresh_token!),
        (e: Error & { error?: string }) => e.error === 'invalid_grant',
      );

      // RP-initiated logout ends the session and comes back with state.
      const logoutState = oidc.randomState();
      await page.goto(
        oidc.buildEndSessionUrl(config, {
          id_token_hint: tokens.id_token!,
          post_logout_redirect_uri: redirectUri,
          state: logoutState,
        }).href,
      );
      const loggedOut = await backAtApp(page);
      assert.equal(loggedOut.searchParams.get('state'), logoutState);

      // No session any more: prompt=none answers login_required.
      const none = await authorizationRequest({ prompt: 'none' });
      await page.goto(none.url.href);
      const noSession = await backAtApp(page);
      assert.equal(noSession.searchParams.get('error'), 'login_required');
      assert.equal(noSession.searchParams.get('state'), none.state);
    });
  });

  it('signs in on the hosted page with an SMS code when the app asks for connection=sms', async () => {
    await withBrowser(async (context) => {
      const request = await authorizationRequest({ connection: 'sms', scope: 'openid phone' });
      const page = await context.newPage();
      await page.goto(request.url.href);
      await waitForState(page, 'identifier');
      assert.equal(await page.getByLabel('Email', { exact: true }).count(), 0, 'only the asked connection is offered');
      await page.getByLabel('Country').selectOption('GB');
      const national = `07400 2${String(Date.now()).slice(-5)}`;
      const e164 = `+44${national.replace(/\s/g, '').slice(1)}`;
      const phone = page.getByLabel('Phone number');
      await phone.pressSequentially(national.replace(/\s/g, ''));
      await phone.press('Enter');
      await waitForState(page, 'code');
      const sms = await env.sms.waitForMessage(e164);
      await typeCode(page, sms.code);
      const callback = await backAtApp(page);
      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
      });
      const claims = tokens.claims()!;
      assert.equal(claims.phone_number, e164);
      assert.equal(claims.phone_number_verified, true);
      assert.deepEqual(claims.amr, ['otp', 'sms'], 'RFC 8176: a one-time code sent by SMS');
    });
  });

  it('puts the focus on the identifier field, signs in with the keyboard alone, and confirms a sign-out without id_token_hint', async () => {
    await withBrowser(async (context) => {
      const email = uniqueEmail('keyboard');
      const request = await authorizationRequest();
      const page = await context.newPage();
      await page.goto(request.url.href);
      await waitForState(page, 'identifier');
      assert.equal(await focusedField(page), 'email', 'the email field has the focus on load, not the switch');
      await page.keyboard.press('Shift+Tab');
      assert.equal(await focusedField(page), 'radio', 'the email/phone switch is one Shift+Tab away');
      await page.keyboard.press('Tab');
      await page.keyboard.type(email);
      await page.keyboard.press('Enter');
      await waitForState(page, 'code');
      assert.equal(await focusedField(page), 'text', 'the code field has the focus');
      await page.keyboard.type((await env.smtp.waitForMail(email)).code!);
      const tokens = await oidc.authorizationCodeGrant(config, await backAtApp(page), {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
      });
      assert.equal(tokens.claims()!.email, email);

      // RP-initiated logout without id_token_hint: the API asks first (its button has the focus).
      const bye = oidc.randomState();
      await page.goto(oidc.buildEndSessionUrl(config, { post_logout_redirect_uri: redirectUri, state: bye }).href);
      assert.equal(new URL(page.url()).origin, env.api.origin, 'not signed out yet: a page asks');
      assert.match(await page.locator('h1').innerText(), /Sign out\?/);
      assert.match(await page.locator('body').innerText(), /Acme Notes asks to sign you out/);
      await page.keyboard.press('Enter');
      const out = await backAtApp(page);
      assert.equal(out.searchParams.get('state'), bye);
      const none = await authorizationRequest({ prompt: 'none' });
      await page.goto(none.url.href);
      assert.equal((await backAtApp(page)).searchParams.get('error'), 'login_required', 'the session ended');
    });
  });

  it('speaks the language of ui_locales: Arabic right to left (axe-clean), German after an unknown tag', async () => {
    await withBrowser(async (context) => {
      const page = await context.newPage();
      await page.goto((await authorizationRequest({ ui_locales: 'ar' })).url.href);
      await waitForState(page, 'identifier');
      assert.equal(await page.evaluate('document.documentElement.lang'), 'ar');
      assert.equal(await page.evaluate('document.documentElement.dir'), 'rtl');
      assert.equal(
        await page.evaluate(`getComputedStyle(document.querySelector('passwordless-login')).direction`),
        'rtl',
      );
      assert.match(await elementText(page), /تسجيل الدخول/, 'the element speaks Arabic');
      assert.equal(await focusedField(page), 'email');
      assert.deepEqual(await axeViolations(page), [], 'the Arabic hosted page passes axe');

      await page.goto((await authorizationRequest({ ui_locales: 'xx de' })).url.href);
      await waitForState(page, 'identifier');
      assert.equal(await page.evaluate('document.documentElement.lang'), 'de');
      assert.equal(await page.evaluate('document.documentElement.dir'), 'ltr');
      assert.match(await elementText(page), /Anmelden/);
      assert.match(await elementText(page), /E-Mail-Adresse/);
    });
  });

  it('answers prompt=none without a session with login_required, back at the app', async () => {
    await withBrowser(async (context) => {
      const request = await authorizationRequest({ prompt: 'none' });
      const page = await context.newPage();
      await page.goto(request.url.href);
      const callback = await backAtApp(page);
      assert.equal(callback.searchParams.get('error'), 'login_required');
      assert.equal(callback.searchParams.get('state'), request.state);
      assert.equal(callback.searchParams.get('iss'), env.api.origin);
      await assert.rejects(
        oidc.authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: request.verifier,
          expectedState: request.state,
        }),
        (e: Error & { error?: string }) => e.error === 'login_required',
      );
    });
  });
});

describe('magic links on the hosted page', () => {
  it('completes the sign-in in the browser that asked; in another browser it says where to open it', async () => {
    await withBrowser(async (context, guard) => {
      const email = uniqueEmail('hosted-link');
      const request = await authorizationRequest({ login_hint: email }, linkConfig);
      const page = await context.newPage();
      await page.goto(request.url.href);
      await waitForState(page, 'identifier');
      assert.match(await elementText(page), /Send link/, 'the hosted page offers the magic link');
      await page.keyboard.press('Enter');
      await waitForState(page, 'link-sent');
      const mail = await env.smtp.waitForMail(email);
      assert.ok(mail.link, 'the email carries the link');

      // Another browser (another device, a colleague's machine): nothing completes there.
      await withBrowser(async (other) => {
        const elsewhere = await other.newPage();
        await elsewhere.goto(mail.link!);
        await waitForState(elsewhere, 'error');
        assert.equal(new URL(elsewhere.url()).origin, env.api.origin, 'it stays on the API, not the app');
        assert.match(await elementText(elsewhere), /opened in a different browser or device/);
        assert.doesNotMatch(await elementText(elsewhere), /Start over/, 'no sign-in to start over there');
        assert.deepEqual(await axeViolations(elsewhere), []);
      });

      // The same browser, in a new tab as a mail client opens it: back at the app with a code.
      const tab = await context.newPage();
      await tab.goto(mail.link!);
      const callback = await backAtApp(tab);
      assert.equal(callback.searchParams.get('iss'), env.api.origin);
      const tokens = await oidc.authorizationCodeGrant(linkConfig, callback, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
      });
      const claims = tokens.claims()!;
      assert.equal(claims.email, email);
      assert.equal(claims.email_verified, true);
      assert.equal(typeof claims.sid, 'string', 'a session was opened');

      // Back to the tab that sent the link (the focus event a person's return fires): it asks the
      // API and says this browser is signed in, instead of "check your email" for ever.
      await page.bringToFront();
      await page.evaluate(() => window.dispatchEvent(new Event('focus')));
      await waitForState(page, 'done');
      assert.match(await elementText(page), /You are signed in/);

      // Opened again, the link completes nothing: a 400 page that says so.
      guard.allowHttpErrors(400);
      await tab.goto(mail.link!);
      assert.equal(new URL(tab.url()).origin, env.api.origin);
      assert.match(await tab.locator('h1').innerText(), /expired/i);
    });
  });
});
