/**
 * Passkeys in real Chromium against the real API, with Chromium's virtual authenticator (CDP
 * `WebAuthn.enable`, `WebAuthn.addVirtualAuthenticator` with resident keys and user verification):
 * the page is on `localhost` (an IP address cannot be an RP ID) and drives the widget's passkey
 * client (src/widget/passkeys/passkey-client.ts) and auth0-spa-js's `passkey.login()`; then the
 * element's own "Sign in with a passkey" button (the ES build in dist/: `npm run build:widget` first).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { startApiServer, type ApiServer } from './support/api-server.js';
import { addVirtualAuthenticator, launchChromium, newGuardedContext, PageGuard } from './support/browser.js';
import { startStaticServer, type StaticServer } from './support/static-server.js';
import { buildPasskeyApp } from './support/build-pages.js';

const REPO = resolve(new URL('../..', import.meta.url).pathname);
const BUILD = resolve(REPO, '.tmp/e2e-passkeys');
const WEBAUTHN = 'urn:okta:params:oauth:grant-type:webauthn';
const OTP = 'http://auth0.com/oauth/grant-type/passwordless/otp';
const ME_SCOPES = 'openid email create:me:authentication_methods read:me:authentication_methods';

const claims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('passkeys in Chromium (virtual authenticator)', () => {
  let api: ApiServer;
  let pages: StaticServer;
  let browser: Browser;
  let appOrigin: string;

  before(async () => {
    await buildPasskeyApp(BUILD);
    const dist = resolve(REPO, 'dist/widget/passwordless-login.js');
    if (!existsSync(dist)) throw new Error('dist/widget is missing: run `npm run build:widget` first');
    await build({
      entryPoints: [resolve(REPO, 'test/e2e/pages/passkey-element-app.ts')],
      outdir: resolve(BUILD, 'element'),
      bundle: true,
      format: 'esm',
      splitting: true,
      target: 'es2022',
      logLevel: 'warning',
      alias: { 'passwordless-login': dist },
    });
    pages = await startStaticServer({
      mounts: { '/build/': BUILD, '/dist/cdn/': resolve(REPO, 'dist/cdn'), '/': resolve(REPO, 'test/e2e/pages') },
    });
    appOrigin = pages.origin.replace('127.0.0.1', 'localhost');
    api = await startApiServer({
      smtpUrl: 'smtp://127.0.0.1:1',
      smsWebhookUrl: 'http://127.0.0.1:1/sms',
      smsWebhookSecret: 'unused-unused-unused',
      appOrigin,
      redirectPaths: ['/passkey.html', '/passkey-element.html', '/passkey-cdn.html'],
      client: { grant_types: [OTP, 'authorization_code', 'refresh_token', WEBAUTHN] },
      config: { email: { provider: 'outbox' }, passkeys: { rp_id: 'localhost' } },
      // A second code to the same address a moment later ("not now" is remembered per identifier).
      limits: { resend_interval_seconds: 1, starts_per_ip_per_hour: 1000 },
    });
    pages.setApi(api.origin, api.clientId);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
    await pages?.close();
    await rm(BUILD, { recursive: true, force: true });
  });

  /** An email-code sign-in from the app's server side, asking for MyAccount's audience. */
  async function codeSignIn(email: string, scope = ME_SCOPES, audience: string | null = `${api.origin}/me/`) {
    const start = await fetch(`${api.origin}/passwordless/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: api.clientId, connection: 'email', email, send: 'code' }),
    });
    assert.equal(start.status, 200);
    const outbox = (await (await fetch(`${api.origin}/dev/outbox`)).json()) as { to: string; code: string }[];
    const code = outbox.find((m) => m.to === email)!.code;
    const res = await fetch(`${api.origin}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: OTP,
        client_id: api.clientId,
        username: email,
        otp: code,
        realm: 'email',
        scope,
        ...(audience ? { audience } : {}),
      }),
    });
    const body = (await res.json()) as Record<string, string>;
    assert.equal(res.status, 200, JSON.stringify(body));
    return body;
  }

  async function openPage(): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession; guard: PageGuard }> {
    const guard = new PageGuard();
    const context = await newGuardedContext(browser, guard);
    const page = await context.newPage();
    await page.goto(`${appOrigin}/passkey.html`);
    await page.waitForFunction(() => 'pk' in window);
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    return { context, page, cdp, guard };
  }

  /** Runs `test` on a fresh guarded page of the app; the page must stay clean, and is closed after. */
  async function withPage(test: (opened: Awaited<ReturnType<typeof openPage>>) => Promise<void>): Promise<void> {
    const opened = await openPage();
    try {
      await test(opened);
      opened.guard.assertClean();
    } finally {
      await opened.context.close();
    }
  }

  const save = (page: Page, token: string) =>
    page.evaluate(([domain, t]) => window.pk.savePasskey(domain!, t!), [api.origin, token]);

  const signIn = (page: Page, mediation?: 'conditional') =>
    page.evaluate(
      ([domain, clientId, m]) =>
        window.pk.signInWithPasskey(
          { domain: domain!, clientId: clientId! },
          {
            scope: 'openid email',
            ...(m ? { mediation: m as 'conditional' } : {}),
          },
        ),
      [api.origin, api.clientId, mediation ?? ''],
    );

  it('saves a passkey after an email-code sign-in, then signs in with it alone (the button)', async () => {
    await withPage(async ({ page, cdp }) => {
      const authenticatorId = await addVirtualAuthenticator(cdp);
      const first = await codeSignIn('ann@e2e.test');
      const method = await save(page, first.access_token!);
      assert.equal(method.type, 'passkey');
      assert.equal(method.relying_party_id, 'localhost');
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      assert.equal(credentials.length, 1);
      assert.equal(credentials[0]!.isResidentCredential, true);

      const tokens = await signIn(page);
      const c = claims(tokens.id_token);
      assert.equal(c.sub, claims(first.id_token!).sub);
      assert.equal(c.email, 'ann@e2e.test');
      assert.deepEqual(c.amr, ['pop', 'mfa']);
    });
  });

  it('signs two users in from one authenticator, each with its own passkey', async () => {
    await withPage(async ({ page, cdp }) => {
      const authenticatorId = await addVirtualAuthenticator(cdp);
      await save(page, (await codeSignIn('bea@e2e.test')).access_token!);
      await save(page, (await codeSignIn('cal@e2e.test')).access_token!);
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      assert.equal(credentials.length, 2);
      // The virtual authenticator answers with one of its passkeys: whichever it is, the token is its user's.
      const c = claims((await signIn(page)).id_token);
      assert.ok(['bea@e2e.test', 'cal@e2e.test'].includes(String(c.email)));
    });
  });

  it('signs in through autofill (conditional mediation) on the username field', async () => {
    await withPage(async ({ page, cdp }) => {
      await addVirtualAuthenticator(cdp);
      await save(page, (await codeSignIn('dot@e2e.test')).access_token!);
      assert.equal(await page.evaluate(() => window.pk.autofillAvailable()), true);
      await page.focus('#username');
      const tokens = await signIn(page, 'conditional');
      assert.equal(claims(tokens.id_token).email, 'dot@e2e.test');
    });
  });

  it('reports a ceremony the user could not complete as cancelled, sends nothing, and the passkey still works', async () => {
    await withPage(async ({ page, cdp }) => {
      const authenticatorId = await addVirtualAuthenticator(cdp);
      await save(page, (await codeSignIn('eve@e2e.test')).access_token!);
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
      const tokenCalls: string[] = [];
      page.on('request', (r) => r.url().endsWith('/oauth/token') && tokenCalls.push(r.url()));
      const reason = await page.evaluate(
        ([domain, clientId]) =>
          window.pk.signInWithPasskey({ domain: domain!, clientId: clientId! }).then(
            () => 'signed in',
            (e: Error & { reason?: string }) => e.reason ?? e.message,
          ),
        [api.origin, api.clientId],
      );
      assert.equal(reason, 'cancelled');
      assert.deepEqual(tokenCalls, [], 'nothing was sent: the element falls back to the code form');
      // Nothing was used up: with the user verified again, the same passkey signs in.
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: true });
      assert.equal(claims((await signIn(page)).id_token).email, 'eve@e2e.test');
    });
  });

  it("auth0-spa-js's passkey.login() gets its tokens from this server", async () => {
    // auth0-auth-js always calls `https://{domain}`: the page's https requests to the API are
    // answered by the API over http (Playwright's route), the CSP is bypassed for that one origin.
    const guard = new PageGuard();
    const context = await browser.newContext({ bypassCSP: true });
    guard.watch(context);
    try {
      const host = new URL(api.origin).host;
      await context.route(`https://${host}/**`, async (route) => {
        const response = await route.fetch({ url: route.request().url().replace('https:', 'http:') });
        await route.fulfill({ response });
      });
      const page = await context.newPage();
      await page.goto(`${appOrigin}/passkey.html`);
      await page.waitForFunction(() => 'pk' in window);
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable', { enableUI: false });
      await addVirtualAuthenticator(cdp);
      const first = await codeSignIn('fay@e2e.test');
      await save(page, first.access_token!);
      const responses: import('playwright-core').Response[] = [];
      page.on('response', (r) => r.url() === `https://${host}/oauth/token` && responses.push(r));
      const outcome = await page.evaluate(
        ([domain, clientId, origin]) => {
          const auth0 = new window.Auth0Client({
            domain: domain!,
            clientId: clientId!,
            authorizationParams: { redirect_uri: `${origin}/passkey.html` },
          });
          return auth0.passkey.login().then(
            () => 'ok',
            (e: Error) => e.message,
          );
        },
        [host, api.clientId, appOrigin],
      );
      const [response] = responses;
      assert.ok(response, `auth0-spa-js sent no token request (${outcome})`);
      assert.equal(response.status(), 200);
      const body = (await response.json()) as { id_token: string };
      assert.equal(claims(body.id_token).sub, claims(first.id_token!).sub);
      // auth0-spa-js then expects the issuer `https://{domain}/`; this one is http, so it refuses
      // the ID token after the exchange, on its own client-side check.
      assert.ok(outcome === 'ok' || /Issuer \(iss\) claim mismatch/.test(outcome), outcome);
      guard.assertClean();
    } finally {
      await context.close();
    }
  });

  describe('the element\'s "Sign in with a passkey" button', () => {
    const button = (page: Page) => page.getByRole('button', { name: 'Sign in with a passkey' });

    /** The element page, after the passkey page saved `email`'s passkey on this tab's authenticator. */
    async function elementWithSavedPasskey(email: string) {
      const opened = await openPage();
      const authenticatorId = await addVirtualAuthenticator(opened.cdp);
      await save(opened.page, (await codeSignIn(email)).access_token!);
      await opened.page.goto(`${appOrigin}/passkey-element.html`);
      return { ...opened, authenticatorId };
    }

    /** The element's page with `query`, once the element is idle (its lazy loads and requests done). */
    async function settledElementPage(page: Page, query = ''): Promise<string[]> {
      const discovery: string[] = [];
      page.on('request', (r) => r.url().includes('/.well-known/openid-configuration') && discovery.push(r.url()));
      await page.goto(`${appOrigin}/passkey-element.html${query}`);
      await page.locator('passwordless-login[state="identifier"]').waitFor();
      await page.waitForLoadState('networkidle');
      return discovery;
    }

    it('signs in a user who saved a passkey, with the same login event as a code sign-in', async () => {
      const { context, page, guard } = await elementWithSavedPasskey('gus@e2e.test');
      try {
        // A browser whose autofill offers no passkeys: the button is the way in.
        await page.goto(`${appOrigin}/passkey-element.html?autofill=off`);
        await page.locator('passwordless-login[state="identifier"]').waitFor();
        assert.equal(await page.getByLabel('Email', { exact: true }).getAttribute('autocomplete'), 'email');
        await button(page).click();
        await page.locator('passwordless-login[state="done"]').waitFor();
        const logins = await page.evaluate(() => window.logins);
        assert.equal(logins.length, 1);
        assert.equal(logins[0]!.idTokenPayload.email, 'gus@e2e.test');
        assert.deepEqual(logins[0]!.idTokenPayload.amr, ['pop', 'mfa']);
        assert.ok(logins[0]!.accessToken);
        guard.assertClean();
      } finally {
        await context.close();
      }
    });

    it('a ceremony that gives no passkey shows why, sends nothing, and the code flow still works', async () => {
      const { context, page, cdp, authenticatorId, guard } = await elementWithSavedPasskey('hal@e2e.test');
      try {
        await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
        const tokenCalls: string[] = [];
        page.on('request', (r) => r.url().endsWith('/oauth/token') && tokenCalls.push(r.url()));
        // (Autofill's request fails the same way, quietly: the field still takes a code.)
        await page.getByLabel('Email', { exact: true }).focus();
        await button(page).click();
        await page.getByRole('alert').filter({ hasText: 'No passkey was used. Try again or use a code.' }).waitFor();
        assert.deepEqual(tokenCalls, []);
        assert.equal(await page.evaluate(() => window.logins.length), 0);
        // (Another address: hal's code, sent a moment ago, could not be sent again so soon.)
        await page.getByLabel('Email', { exact: true }).fill('ida@e2e.test');
        await page.getByLabel('Email', { exact: true }).press('Enter');
        await page.locator('passwordless-login[state="code"]').waitFor();
        guard.assertClean();
      } finally {
        await context.close();
      }
    });

    it('is absent with passkeys="off", and never asks the API', async () => {
      await withPage(async ({ page }) => {
        const auto = await settledElementPage(page);
        await button(page).waitFor();
        assert.equal(auto.length, 1);
        const off = await settledElementPage(page, '?passkeys=off');
        assert.equal(await button(page).count(), 0);
        assert.deepEqual(off, []);
        await page.getByRole('button', { name: 'Send code' }).waitFor();
      });
    });

    it('is absent in a browser without WebAuthn, where the code flow is unchanged', async () => {
      const guard = new PageGuard();
      const context = await newGuardedContext(browser, guard);
      try {
        await context.addInitScript(() => {
          delete (window as { PublicKeyCredential?: unknown }).PublicKeyCredential;
        });
        const page = await context.newPage();
        const discovery = await settledElementPage(page);
        assert.equal(await page.evaluate(() => 'PublicKeyCredential' in window), false);
        assert.equal(await button(page).count(), 0);
        assert.deepEqual(discovery, []);
        await page.getByRole('button', { name: 'Send code' }).waitFor();
        guard.assertClean();
      } finally {
        await context.close();
      }
    });
  });

  describe("the element's autofill and its offer to save a passkey", () => {
    const email = (page: Page) => page.getByLabel('Email', { exact: true });
    const element = (page: Page, state: string) => page.locator(`passwordless-login[state="${state}"]`);

    /** The newest code the outbox holds for `to` (it lists the newest first). */
    async function latestCode(to: string): Promise<string> {
      const outbox = (await (await fetch(`${api.origin}/dev/outbox`)).json()) as { to: string; code: string }[];
      const code = outbox.find((m) => m.to === to)?.code;
      assert.ok(code, `no code for ${to}`);
      return code;
    }

    /**
     * An email-code sign-in through the element, as a user does it. A 429 (the same address a
     * moment ago) shows the wait; once the element clears it, the send is tried again.
     */
    async function codeSignInWithElement(page: Page, to: string): Promise<void> {
      await email(page).fill(to);
      for (;;) {
        await email(page).press('Enter');
        const error = page.locator('passwordless-login').locator('#identifier-error');
        await Promise.race([element(page, 'code').waitFor(), error.waitFor({ state: 'visible' })]);
        if (await element(page, 'code').count()) break;
        await error.waitFor({ state: 'hidden' });
      }
      await page.getByLabel('Verification code').fill(await latestCode(to));
      await element(page, 'done').waitFor();
    }

    /**
     * Saves a passkey from the element's offer and says it is saved. The page's events: `login`
     * first, without the offer on screen; then `passkey-saved`, from the offer.
     */
    async function saveFromOffer(page: Page) {
      await page.getByRole('button', { name: 'Save a passkey' }).click();
      await page.getByText('Passkey saved. Next time, sign in with it.').waitFor();
      const events = await page.evaluate(() => window.events);
      assert.deepEqual(
        events.map((e) => [e.type, e.offerShown]),
        [
          ['login', false],
          ['passkey-saved', true],
        ],
        'login first, without the offer on screen; then the offer, then the saved passkey',
      );
      return events;
    }

    /** The element's page, once its passkey chunk has put `webauthn` in the field's autocomplete. */
    async function elementPage(page: Page, query = ''): Promise<void> {
      await page.goto(`${appOrigin}/passkey-element.html${query}`);
      await element(page, 'identifier').waitFor();
      await page.waitForFunction(
        () =>
          document
            .querySelector('passwordless-login')
            ?.shadowRoot?.querySelector('#email')
            ?.getAttribute('autocomplete') === 'username webauthn',
      );
    }

    it('offers to save a passkey only after login; saving fires passkey-saved; next time autofill signs in with no code', async () => {
      await withPage(async ({ page, cdp }) => {
        const authenticatorId = await addVirtualAuthenticator(cdp);
        await elementPage(page);
        await codeSignInWithElement(page, 'jon@e2e.test');
        const events = await saveFromOffer(page);
        const method = (events[1]!.detail as { method: { type: string; relying_party_id: string } }).method;
        assert.equal(method.type, 'passkey');
        assert.equal(method.relying_party_id, 'localhost');
        const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
        assert.equal(credentials.length, 1);

        // Next visit: the passkey in the email field's autofill signs in, no code sent.
        const starts: string[] = [];
        page.on('request', (r) => r.url().endsWith('/passwordless/start') && starts.push(r.url()));
        // (The field's `username webauthn` was checked on the first visit: this one signs in at once,
        // Chromium's virtual authenticator answering the conditional request by itself.)
        await page.goto(`${appOrigin}/passkey-element.html`);
        await element(page, 'done').waitFor();
        const logins = await page.evaluate(() => window.logins);
        assert.equal(logins.length, 1);
        assert.equal(logins[0]!.idTokenPayload.email, 'jon@e2e.test');
        assert.deepEqual(logins[0]!.idTokenPayload.amr, ['pop', 'mfa']);
        assert.deepEqual(starts, []);
        // No offer after a passkey sign-in.
        assert.equal(await page.getByRole('button', { name: 'Save a passkey' }).count(), 0);
      });
    });

    it('offers to save a passkey after a magic-link sign-in, on the page the link returns to', async () => {
      await withPage(async ({ page, cdp }) => {
        const authenticatorId = await addVirtualAuthenticator(cdp);
        await elementPage(page, '?send=link');
        await email(page).fill('lin@e2e.test');
        await email(page).press('Enter');
        await element(page, 'link-sent').waitFor();
        const outbox = (await (await fetch(`${api.origin}/dev/outbox`)).json()) as { to: string; link?: string }[];
        const link = outbox.find((m) => m.to === 'lin@e2e.test')?.link;
        assert.ok(link, 'a sign-in link was sent');
        // The person opens the link here: the API sends the browser back to this page with a code.
        await page.goto(link);
        await element(page, 'done').waitFor();
        const events = await saveFromOffer(page);
        const login = events[0]!.detail as { accessToken: string; idTokenPayload: { email: string } };
        assert.equal(login.idTokenPayload.email, 'lin@e2e.test');
        assert.ok(
          [claims(login.accessToken).aud].flat().includes(`${api.origin}/me/`),
          "the link asked for MyAccount's audience",
        );
        const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
        assert.equal(credentials.length, 1);
      });
    });

    it('the script-tag file loads its passkey code from passkeys.js beside it, and autofill signs in', async () => {
      const script = await readFile(resolve(REPO, 'dist/cdn/passwordless-login.js'), 'utf8');
      assert.doesNotMatch(script, /isConditionalMediationAvailable/, 'no passkey code inlined in the one file');
      await withPage(async ({ page, cdp }) => {
        await addVirtualAuthenticator(cdp);
        await save(page, (await codeSignIn('oli@e2e.test')).access_token!);
        const loaded: string[] = [];
        page.on('request', (r) => r.url().endsWith('/passkeys.js') && loaded.push(new URL(r.url()).pathname));
        await page.goto(`${appOrigin}/passkey-cdn.html`);
        // Chromium's virtual authenticator answers the conditional request by itself (see the docs).
        await element(page, 'done').waitFor();
        assert.deepEqual(loaded, ['/dist/cdn/passkeys.js']);
        const logins = await page.evaluate(() => window.logins);
        assert.equal(logins[0]!.idTokenPayload.email, 'oli@e2e.test');
        assert.deepEqual(logins[0]!.idTokenPayload.amr, ['pop', 'mfa']);
      });
    });

    it('"Not now" is remembered for that identifier (not in clear), and the offer still comes for another', async () => {
      await withPage(async ({ page, cdp, guard }) => {
        // The second code to kim may come within the resend interval (1 s here): its 429 is expected.
        guard.allowHttpErrors(429);
        const authenticatorId = await addVirtualAuthenticator(cdp);
        await elementPage(page);
        await codeSignInWithElement(page, 'kim@e2e.test');
        await page.getByRole('button', { name: 'Not now' }).click();
        await page.getByRole('button', { name: 'Save a passkey' }).waitFor({ state: 'detached' });
        const stored = await page.evaluate(() => JSON.stringify(localStorage));
        assert.match(stored, /passkey-offer/);
        assert.doesNotMatch(stored, /kim/, 'the address is not stored as it is');

        // A second code to kim: refused until the resend interval is over, then sent (the element shows the wait).
        await elementPage(page);
        await codeSignInWithElement(page, 'kim@e2e.test');
        await page.evaluate(() => document.querySelector('passwordless-login')!.updateComplete);
        assert.equal(await page.getByRole('button', { name: 'Save a passkey' }).count(), 0, 'no offer for kim');
        assert.equal(await page.evaluate(() => window.logins.length), 1, 'kim is signed in all the same');

        await elementPage(page);
        await codeSignInWithElement(page, 'lea@e2e.test');
        await page.getByRole('button', { name: 'Save a passkey' }).waitFor();
        const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
        assert.equal(credentials.length, 0, 'nothing saved without asking');
      });
    });

    it('a cancelled save says so, and the sign-in stands', async () => {
      await withPage(async ({ page, cdp }) => {
        const authenticatorId = await addVirtualAuthenticator(cdp);
        await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
        await elementPage(page);
        await codeSignInWithElement(page, 'max@e2e.test');
        await page.getByRole('button', { name: 'Save a passkey' }).click();
        await page
          .getByRole('alert')
          .filter({ hasText: 'The passkey was not saved. You are still signed in.' })
          .waitFor();
        assert.equal(await page.evaluate(() => window.logins.length), 1);
        assert.deepEqual(
          (await page.evaluate(() => window.events)).map((e) => e.type),
          ['login'],
        );
        assert.equal(await element(page, 'done').count(), 1);
      });
    });

    it('with passkeys="sign-in" there is no offer, and the code grant asks for no MyAccount audience', async () => {
      await withPage(async ({ page, cdp }) => {
        await addVirtualAuthenticator(cdp);
        const grants: string[] = [];
        page.on('request', (r) => r.url().endsWith('/oauth/token') && grants.push(r.postData() ?? ''));
        await elementPage(page, '?passkeys=sign-in');
        await codeSignInWithElement(page, 'ned@e2e.test');
        await page.evaluate(() => document.querySelector('passwordless-login')!.updateComplete);
        assert.equal(await page.getByRole('button', { name: 'Save a passkey' }).count(), 0);
        assert.equal(grants.length, 1);
        assert.doesNotMatch(grants[0]!, /\/me\/|create:me/);
      });
    });
  });
});
