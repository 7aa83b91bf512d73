/**
 * Sign-in flows in real Chromium against the real API (CLI, SMTP to a real receiver, SMS to a
 * webhook), on pages served with `default-src 'self'`. Every flow runs with the script-tag build
 * and with the ES build bundled like an app would. Each test fails on a CSP violation or a
 * console error, and ends by checking the id_token from `login` against the server's JWKS.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { startEnvironment, uniqueEmail, PAGE, type Build, type Environment } from './support/environment.js';
import { withGuardedContext, type PageGuard } from './support/browser.js';
import { verifyIdToken } from './support/tokens.js';
import {
  elementText,
  focusedLabel,
  openLoginPage,
  recordedLogins,
  requestEmail,
  resendWhenAllowed,
  typeCode,
  untilLinkExpired,
  waitForLogin,
  waitForState,
} from './support/login-page.js';
import type { LoginResult } from '../../src/protocol/index.js';

const BUILDS: Build[] = ['cdn', 'es'];
const BUILD_NAME: Record<Build, string> = { cdn: 'script-tag build', es: 'ES build' };

/** Each test gets its own browser context (fresh storage) and a guard over all its pages. */
const withContext = (env: Environment, run: (context: BrowserContext, guard: PageGuard) => Promise<void>) =>
  withGuardedContext(env.browser, run);

async function assertVerifiedLogin(
  env: Environment,
  login: LoginResult,
  claims: Record<string, unknown>,
): Promise<void> {
  const payload = await verifyIdToken(login.idToken, env.api.origin, env.api.clientId);
  for (const [name, value] of Object.entries(claims)) assert.equal(payload[name], value, `id_token claim ${name}`);
  assert.equal(login.idTokenPayload.sub, payload.sub, 'idTokenPayload matches the verified token');
  assert.equal(login.tokenType, 'Bearer');
  assert.ok(login.accessToken.length > 20, 'an access token came with it');
}

/** The address bar no longer carries the one-time `code` and `state` of the redirect. */
function assertCleanAddress(page: Page): void {
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('code'), null, `code removed from ${page.url()}`);
  assert.equal(url.searchParams.get('state'), null, `state removed from ${page.url()}`);
}

async function askForLink(env: Environment, context: BrowserContext, build: Build, email: string) {
  const page = await openLoginPage(context, env, build, { connection: 'email', send: 'link' });
  await requestEmail(page, email);
  await waitForState(page, 'link-sent');
  const mail = await env.smtp.waitForMail(email);
  assert.ok(mail.link, `the email carries a link:\n${mail.text}`);
  assert.match(mail.code ?? '', /^\d{6}$/, 'the same email carries the 6-digit code');
  return { page, mail, link: mail.link };
}

describe('sign-in in Chromium against the real server', () => {
  let env: Environment;
  before(async () => {
    env = await startEnvironment({ limits: { resend_interval_seconds: 1 } });
  });
  after(async () => {
    await env?.close();
  });

  for (const build of BUILDS) {
    describe(BUILD_NAME[build], () => {
      it('signs in with an email code', async () => {
        await withContext(env, async (context) => {
          const email = uniqueEmail(`code-${build}`);
          const page = await openLoginPage(context, env, build, { connection: 'email', send: 'code' });
          await requestEmail(page, email);
          await waitForState(page, 'code');
          const mail = await env.smtp.waitForMail(email);
          assert.match(mail.code ?? '', /^\d{6}$/, `the email holds a 6-digit code:\n${mail.text}`);
          await typeCode(page, mail.code!);
          const login = await waitForLogin(page);
          await waitForState(page, 'done');
          await assertVerifiedLogin(env, login, { email, email_verified: true });
        });
      });

      it('signs in by keyboard alone: Tab to the field, Enter to send, the code field takes focus', async () => {
        await withContext(env, async (context) => {
          const email = uniqueEmail(`keys-${build}`);
          const page = await openLoginPage(context, env, build, { connection: 'email', send: 'code' });
          await page.keyboard.press('Tab');
          assert.equal(await focusedLabel(page), 'Email', 'the first Tab reaches the email field');
          await page.keyboard.type(email);
          await page.keyboard.press('Enter');
          await waitForState(page, 'code');
          await page.waitForFunction(() => {
            const host = document.querySelector('passwordless-login');
            return host?.shadowRoot?.activeElement?.getAttribute('autocomplete') === 'one-time-code';
          });
          const mail = await env.smtp.waitForMail(email);
          await page.keyboard.type(mail.code!);
          const login = await waitForLogin(page);
          await assertVerifiedLogin(env, login, { email });
        });
      });

      it('signs in with an SMS code: country select, national format, E.164 on the wire', async () => {
        await withContext(env, async (context) => {
          const page = await openLoginPage(context, env, build, { connection: 'sms', 'default-country': 'US' });
          const starts: Request[] = [];
          page.on('request', (request) => {
            if (request.url().endsWith('/passwordless/start')) starts.push(request);
          });
          await page.getByLabel('Country').selectOption('GB');
          const national = `07400 1${String(Date.now()).slice(-5)}`;
          const phone = page.getByLabel('Phone number');
          await phone.pressSequentially(national.replace(/\s/g, ''));
          assert.equal(await phone.inputValue(), national, 'the number is shown in the national format as typed');
          await phone.press('Enter');
          await waitForState(page, 'code');
          const e164 = `+44${national.replace(/\s/g, '').slice(1)}`;
          assert.equal(starts.length, 1);
          const body = starts[0]!.postDataJSON() as Record<string, unknown>;
          assert.equal(body.connection, 'sms');
          assert.equal(body.phone_number, e164, 'the wire carries E.164 without the trunk 0');
          const sms = await env.sms.waitForMessage(e164);
          assert.match(sms.code, /^\d{6}$/);
          assert.ok(sms.text.includes(sms.code), 'the SMS text holds the code');
          await typeCode(page, sms.code);
          const login = await waitForLogin(page);
          await assertVerifiedLogin(env, login, { phone_number: e164, phone_number_verified: true });
        });
      });

      it('signs in with a magic link opened in the same tab', async () => {
        await withContext(env, async (context) => {
          const email = uniqueEmail(`link-${build}`);
          const { page, link } = await askForLink(env, context, build, email);
          await page.goto(link);
          const login = await waitForLogin(page);
          await waitForState(page, 'done');
          assertCleanAddress(page);
          assert.equal(new URL(page.url()).pathname, PAGE[build]);
          await assertVerifiedLogin(env, login, { email, email_verified: true });
        });
      });

      it('signs in with a magic link opened in a second tab, and the first tab emits login too', async () => {
        await withContext(env, async (context) => {
          const email = uniqueEmail(`tab-${build}`);
          const { page: first, link } = await askForLink(env, context, build, email);
          const second = await context.newPage();
          await second.goto(link);
          const fromSecond = await waitForLogin(second);
          assertCleanAddress(second);
          assert.match(await elementText(second), /signed in/i, 'the link tab says the user is signed in');
          const fromFirst = await waitForLogin(first);
          await waitForState(first, 'done');
          await assertVerifiedLogin(env, fromSecond, { email });
          await assertVerifiedLogin(env, fromFirst, { email });
          assert.equal(await recordedLogins(first), 1, 'the first tab emits login exactly once');
        });
      });

      it('explains a link opened in another browser, and the code from that email still works', async () => {
        await withContext(env, async (context, guard) => {
          const email = uniqueEmail(`other-${build}`);
          const { page: first, mail, link } = await askForLink(env, context, build, email);
          // Another browser: nothing of the first context's storage.
          await withContext(env, async (otherBrowser) => {
            const stranger = await otherBrowser.newPage();
            await stranger.goto(link);
            await stranger.locator('passwordless-login[state="error"]').waitFor();
            const text = await elementText(stranger);
            assert.match(text, /different browser or device/i, text);
            assert.match(text, /type the code/i, text);
            assert.equal(await recordedLogins(stranger), 0, 'no login in the other browser');
            assertCleanAddress(stranger);
          });
          // Where the sign-in started, the user types the code from the same email instead.
          await first.getByRole('button', { name: 'Enter the code instead' }).click();
          await waitForState(first, 'code');
          await typeCode(first, mail.code!);
          const login = await waitForLogin(first);
          await assertVerifiedLogin(env, login, { email });
          guard.assertClean();
        });
      });

      it('still signs in after three scanner GETs of the link, whose codes are useless', async () => {
        await withContext(env, async (context) => {
          const email = uniqueEmail(`scan-${build}`);
          const { page, link } = await askForLink(env, context, build, email);
          const scannerCodes: string[] = [];
          for (let i = 0; i < 3; i += 1) {
            const response = await fetch(link, { redirect: 'manual' });
            assert.equal(response.status, 302, 'a scanner GET is redirected');
            const location = new URL(response.headers.get('location')!);
            assert.equal(location.searchParams.get('error'), null, `scanner GET ${i + 1} is not refused`);
            scannerCodes.push(location.searchParams.get('code')!);
          }
          assert.equal(new Set(scannerCodes).size, 3, 'every GET yields a fresh authorization code');
          // Without the PKCE verifier, which only the browser holds, a scanner's code gets nothing.
          const stolen = await fetch(`${env.api.origin}/oauth/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              grant_type: 'authorization_code',
              client_id: env.api.clientId,
              code: scannerCodes[0],
              code_verifier: 'x'.repeat(43),
              redirect_uri: `${env.pages.origin}${PAGE[build]}`,
            }),
          });
          assert.ok([400, 403].includes(stolen.status), `token endpoint refuses the scanner's code (${stolen.status})`);
          assert.equal(((await stolen.json()) as { error: string }).error, 'invalid_grant');
          await page.goto(link);
          const login = await waitForLogin(page);
          await assertVerifiedLogin(env, login, { email });
        });
      });

      it('locks a code after three wrong tries, and a new code signs in', async () => {
        await withContext(env, async (context, guard) => {
          guard.allowHttpErrors(403, 429);
          const email = uniqueEmail(`wrong-${build}`);
          const page = await openLoginPage(context, env, build, { connection: 'email', send: 'code' });
          await requestEmail(page, email);
          await waitForState(page, 'code');
          const mail = await env.smtp.waitForMail(email);
          const wrong = mail.code === '000000' ? '111111' : '000000';
          for (let attempt = 1; attempt <= 3; attempt += 1) {
            await typeCode(page, wrong);
            await page.waitForFunction((n) => window.e2e.errors.length >= n, attempt);
          }
          // The code of that email is dead now: even the right digits are refused.
          await typeCode(page, mail.code!);
          await page.waitForFunction(() => window.e2e.errors.length >= 4);
          const errors = await page.evaluate(() => window.e2e.errors.map((e) => e.error));
          assert.deepEqual(errors, ['invalid_grant', 'invalid_grant', 'invalid_grant', 'too_many_attempts']);
          assert.match(await elementText(page), /too many wrong tries/i);
          assert.equal(await recordedLogins(page), 0, 'the dead code does not sign in');
          // This server allows one message per recipient per second (resend_interval_seconds: 1).
          await resendWhenAllowed(page, 'Send a new code');
          const fresh = await env.smtp.waitForMail(email, { count: 2 });
          await waitForState(page, 'code');
          await typeCode(page, fresh.code!);
          const login = await waitForLogin(page);
          await assertVerifiedLogin(env, login, { email });
        });
      });
    });
  }
});

describe('expired magic link', () => {
  let env: Environment;
  before(async () => {
    env = await startEnvironment({ limits: { link_ttl_seconds: 2, resend_interval_seconds: 1 } });
  });
  after(async () => {
    await env?.close();
  });

  for (const build of BUILDS) {
    it(`says the link expired and sends a new one that signs in (${BUILD_NAME[build]})`, async () => {
      await withContext(env, async (context) => {
        const email = uniqueEmail(`expired-${build}`);
        const { page, link } = await askForLink(env, context, build, email);
        await untilLinkExpired(link);
        await page.goto(link);
        await page.locator('passwordless-login[state="error"]').waitFor();
        assert.match(await elementText(page), /expired/i);
        assertCleanAddress(page);
        assert.equal(await recordedLogins(page), 0);
        await page.getByRole('button', { name: 'Send a new link' }).click();
        const second = await env.smtp.waitForMail(email, { count: 2 });
        assert.ok(second.link && second.link !== link, 'a new link was sent');
        await page.goto(second.link);
        const login = await waitForLogin(page);
        await assertVerifiedLogin(env, login, { email });
      });
    });
  }
});
