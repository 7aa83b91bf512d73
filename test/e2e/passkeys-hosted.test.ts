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
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { addVirtualAuthenticator, launchChromium, newGuardedContext, PageGuard } from './support/browser.js';
import { CREATE_PASSKEY, startHostedPasskeyApp, type HostedPasskeyApp } from './support/hosted-passkeys.js';
import { typeCode, waitForState } from './support/login-page.js';

describe('passkeys on the hosted login page (Chromium, virtual authenticator, openid-client)', () => {
  let app: HostedPasskeyApp;
  let browser: Browser;

  before(async () => {
    app = await startHostedPasskeyApp();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A browser tab with a virtual authenticator (resident keys, user verification). */
  async function openTab(): Promise<{
    context: BrowserContext;
    page: Page;
    cdp: CDPSession;
    guard: PageGuard;
    authenticatorId: string;
  }> {
    const guard = new PageGuard();
    const context = await newGuardedContext(browser, guard);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    const authenticatorId = await addVirtualAuthenticator(cdp);
    return { context, page, cdp, guard, authenticatorId };
  }

  /** Saves a passkey for `email` on the tab's authenticator, as a signed-in user does (MyAccount). */
  async function savePasskey(page: Page, email: string): Promise<string> {
    const enrolment = await app.beginEnrolment(email);
    await page.goto(`${app.api.origin}/authorize/assets/hosted.css`);
    return enrolment.finish(JSON.parse(await page.evaluate<string>(CREATE_PASSKEY(enrolment.options))));
  }

  const backAtApp = async (page: Page) => {
    await page.waitForURL((u) => u.href.startsWith(app.redirectUri), { timeout: 20_000 });
    return new URL(page.url());
  };

  /** Autofill reported unavailable, so the page's passkey runs only when the button is pressed. */
  const NO_AUTOFILL = `if (self.PublicKeyCredential) PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);`;

  const passkeyButton = (page: Page) => page.getByRole('button', { name: 'Sign in with a passkey' });

  it('signs in through autofill, with no button and no code: the passkey the browser offers completes the page', async () => {
    const { context, page, guard } = await openTab();
    try {
      const sub = await savePasskey(page, 'abe@e2e.test');
      const request = await app.authorizationRequest();
      const starts: string[] = [];
      page.on('request', (r) => r.url().includes('/passwordless/start') && starts.push(r.url()));
      // Chromium's virtual authenticator answers the page's conditional (autofill) request itself,
      // as a user picking the passkey from the field's suggestions would.
      await page.goto(request.url.href);
      const callback = await backAtApp(page);
      assert.equal(callback.searchParams.get('iss'), app.api.origin);
      assert.deepEqual(starts, [], 'no code was sent');
      const claims = await app.redeem(callback, request);
      assert.equal(claims.sub, sub);
      assert.deepEqual(claims.amr, ['pop', 'mfa']);
      guard.assertClean();
    } finally {
      await context.close();
    }
  });

  it('signs in with a passkey saved earlier: back at the app with code, state and iss, amr of a passkey', async () => {
    const { context, page, guard } = await openTab();
    try {
      // A browser whose autofill offers no passkeys: the button is the way in.
      await page.addInitScript(NO_AUTOFILL);
      const sub = await savePasskey(page, 'ann@e2e.test');
      const request = await app.authorizationRequest();
      const starts: string[] = [];
      page.on('request', (r) => r.url().includes('/passwordless/start') && starts.push(r.url()));
      await page.goto(request.url.href);
      assert.equal(new URL(page.url()).origin, app.api.origin, 'the hosted page of the API');
      await waitForState(page, 'identifier');
      await passkeyButton(page).click();
      const callback = await backAtApp(page);
      assert.equal(callback.searchParams.get('iss'), app.api.origin);
      assert.equal(callback.searchParams.get('state'), request.state);
      assert.deepEqual(starts, [], 'no code was sent');

      const claims = await app.redeem(callback, request);
      assert.equal(claims.sub, sub);
      assert.equal(claims.email, 'ann@e2e.test');
      assert.deepEqual(claims.amr, ['pop', 'mfa']);
      assert.equal(typeof claims.auth_time, 'number');
      assert.equal(typeof claims.sid, 'string', 'a session was made');

      // The session answers the next request without any UI.
      const again = await app.authorizationRequest();
      await page.goto(again.url.href);
      const silent = await app.redeem(await backAtApp(page), again);
      assert.equal(silent.sid, claims.sid);
      assert.deepEqual(silent.amr, ['pop', 'mfa']);
      guard.assertClean();
    } finally {
      await context.close();
    }
  });

  it('a ceremony that gives no passkey says so, and a code still completes the sign-in', async () => {
    const { context, page, cdp, guard, authenticatorId } = await openTab();
    try {
      await page.addInitScript(NO_AUTOFILL);
      await savePasskey(page, 'bea@e2e.test');
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
      const request = await app.authorizationRequest();
      await page.goto(request.url.href);
      await waitForState(page, 'identifier');
      await passkeyButton(page).click();
      await page.getByRole('alert').filter({ hasText: 'No passkey was used. Try again or use a code.' }).waitFor();

      await page.getByLabel('Email', { exact: true }).fill('cal@e2e.test');
      await page.getByLabel('Email', { exact: true }).press('Enter');
      await waitForState(page, 'code');
      await typeCode(page, await app.lastCode('cal@e2e.test'));
      const claims = await app.redeem(await backAtApp(page), request);
      assert.equal(claims.email, 'cal@e2e.test');
      assert.deepEqual(claims.amr, ['otp']);
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
      await page.goto((await app.authorizationRequest(app.plainConfig)).url.href);
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
