/**
 * Passkeys in Firefox and WebKit, on the API's hosted login page with an app using openid-client
 * (support/hosted-passkeys.ts; Chromium runs the same and more in passkeys-hosted.test.ts).
 *
 * - Firefox (firefox-esr, puppeteer-core over WebDriver BiDi): WebAuthn is there (conditional
 *   mediation too). BiDi has no virtual authenticator, Firefox's Marionette has WebDriver's classic
 *   one (support/firefox-authenticator.ts): the passkey e2e runs with it.
 * - WebKit (Debian's WebKitGTK MiniBrowser through WebKitWebDriver): the build has no WebAuthn
 *   (no `PublicKeyCredential`) and the driver no `/webauthn/authenticator` command (404 unknown
 *   command). The element shows no passkey UI and asks nothing about passkeys; a code signs in.
 *
 * BROWSERS=firefox (or webkit) runs one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { ENGINE_NAME, FirefoxPage, launchEngine, waitUntil, type EnginePage, type Engine } from './support/engines.js';
import { launchFirefoxWithAuthenticator, type FirefoxAuthenticator } from './support/firefox-authenticator.js';
import { CREATE_PASSKEY, startHostedPasskeyApp, type HostedPasskeyApp } from './support/hosted-passkeys.js';

const wanted = (process.env.BROWSERS ?? '').toLowerCase();
const runs = (engine: Engine) => !wanted.trim() || wanted.includes(engine);

const ELEMENT = `document.querySelector('passwordless-login')`;
const PART = (part: string) => `${ELEMENT}?.shadowRoot?.querySelector('[part~=${part}]')`;

const waitForState = (page: EnginePage, state: string) =>
  waitUntil(page, `${ELEMENT}?.getAttribute('state') === ${JSON.stringify(state)}`, `state="${state}"`);

async function backAtApp(page: EnginePage, app: HostedPasskeyApp): Promise<URL> {
  await waitUntil(page, `location.href.startsWith(${JSON.stringify(app.redirectUri)})`, 'the app', 20_000);
  // The page's own address: the driver's idea of the URL can lag one navigation behind.
  return new URL(await page.evaluate<string>('location.href'));
}

/**
 * A browser whose autofill offers no passkeys, so the button is the way in: Marionette's virtual
 * authenticator answers a conditional (autofill) request by itself, which would sign in before the
 * test presses the button.
 */
const NO_AUTOFILL = `if (self.PublicKeyCredential) PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);`;

describe(
  'passkeys on the hosted login page in Firefox and WebKit',
  { skip: !runs('firefox') && !runs('webkit') },
  () => {
    let app: HostedPasskeyApp;
    before(async () => {
      app = await startHostedPasskeyApp();
    });
    after(async () => {
      await app?.close();
    });

    describe(`${ENGINE_NAME.firefox}: the virtual authenticator of Marionette`, { skip: !runs('firefox') }, () => {
      let firefox: { browser: Browser; authenticator: FirefoxAuthenticator; close(): Promise<void> };
      before(async () => {
        firefox = await launchFirefoxWithAuthenticator();
      });
      after(async () => {
        await firefox?.close();
      });

      it('signs in with a passkey saved earlier: back at the app with a code, amr of a passkey', async () => {
        const context = await firefox.browser.createBrowserContext();
        try {
          const page = new FirefoxPage(await context.newPage());
          await page.beforeScripts(NO_AUTOFILL);
          const enrolment = await app.beginEnrolment('fay@e2e.test');
          await page.goto(`${app.api.origin}/authorize/assets/hosted.css`);
          const sub = await enrolment.finish(
            JSON.parse(await page.evaluate<string>(CREATE_PASSKEY(enrolment.options))),
          );
          const saved = await firefox.authenticator.credentials();
          assert.equal(saved.length, 1);
          assert.equal(saved[0]!.isResidentCredential, true);

          const request = await app.authorizationRequest();
          await page.goto(request.url.href);
          await waitForState(page, 'identifier');
          await waitUntil(page, PART('passkey-button'), 'the passkey button');
          await page.evaluate(`${PART('passkey-button')}.click()`);
          const callback = await backAtApp(page, app);
          assert.equal(callback.searchParams.get('iss'), app.api.origin);
          const claims = await app.redeem(callback, request);
          assert.equal(claims.sub, sub);
          assert.equal(claims.email, 'fay@e2e.test');
          assert.deepEqual(claims.amr, ['pop', 'mfa']);
          assert.equal(typeof claims.sid, 'string');
          assert.deepEqual(await page.problems(), []);
        } finally {
          await context.close();
        }
      });

      it('a ceremony that cannot verify the user says so, and a code still completes the sign-in', async () => {
        const context = await firefox.browser.createBrowserContext();
        try {
          await firefox.authenticator.setUserVerified(false);
          const page = new FirefoxPage(await context.newPage());
          await page.beforeScripts(NO_AUTOFILL);
          const request = await app.authorizationRequest();
          await page.goto(request.url.href);
          await waitForState(page, 'identifier');
          await waitUntil(page, PART('passkey-button'), 'the passkey button');
          await page.evaluate(`${PART('passkey-button')}.click()`);
          await waitUntil(
            page,
            `${PART('passkey-error')}?.textContent.includes('No passkey was used. Try again or use a code.')`,
            'the passkey message',
          );
          await codeSignIn(page, app, 'gil@e2e.test');
          const claims = await app.redeem(await backAtApp(page, app), request);
          assert.equal(claims.email, 'gil@e2e.test');
          assert.deepEqual(claims.amr, ['otp']);
          assert.deepEqual(await page.problems(), []);
        } finally {
          await firefox.authenticator.setUserVerified(true);
          await context.close();
        }
      });
    });

    describe(`${ENGINE_NAME.webkit}: no WebAuthn in this build`, { skip: !runs('webkit') }, () => {
      it('shows no passkey UI, asks nothing about passkeys, and a code signs in', async () => {
        const browser = await launchEngine('webkit');
        const session = await browser.newSession();
        try {
          const page = await session.newPage();
          const request = await app.authorizationRequest();
          await page.goto(request.url.href);
          await waitForState(page, 'identifier');
          assert.equal(await page.evaluate(`typeof window.PublicKeyCredential`), 'undefined');
          // The same page offers passkeys where the browser has them (its transaction says so).
          assert.match(await page.evaluate<string>(`${ELEMENT}.getAttribute('transaction')`), /"passkey":true/);
          assert.equal(await page.evaluate(`!!${PART('passkey-button')}`), false, 'no passkey button');
          const asked = await page.evaluate<string[]>(
            `performance.getEntriesByType('resource').map((e) => e.name).filter((u) => /\\/passkey\\/|\\/authorize\\/passkey|passkey-ui|passkeys\\.js|openid-configuration/.test(u))`,
          );
          assert.deepEqual(asked, [], 'nothing asked about passkeys');
          await codeSignIn(page, app, 'hal@e2e.test');
          const claims = await app.redeem(await backAtApp(page, app), request);
          assert.equal(claims.email, 'hal@e2e.test');
          assert.deepEqual(claims.amr, ['otp']);
        } finally {
          await session.close();
          await browser.close();
        }
      });
    });
  },
);

/** An email code sign-in on the hosted page, by keyboard (the sixth digit submits). */
async function codeSignIn(page: EnginePage, app: HostedPasskeyApp, email: string): Promise<void> {
  await page.evaluate(`${ELEMENT}.shadowRoot.querySelector('input[type=email]').focus()`);
  await page.type(email);
  await page.press('Enter');
  await waitForState(page, 'code');
  await waitUntil(
    page,
    `${ELEMENT}.shadowRoot.activeElement?.matches('[part~=code-input]')`,
    'focus in the code field',
  );
  await page.type(await app.lastCode(email));
}
