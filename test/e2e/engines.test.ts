/**
 * The core sign-in flows in Firefox and WebKit (Chromium runs them and more in flows.test.ts),
 * against the real API, SMTP receiver and SMS webhook, on pages served with `default-src 'self'`,
 * with both builds. Every test fails on a CSP violation, an uncaught exception or a console error
 * (the page guard of support/static-server.ts, and puppeteer's console events in Firefox), and
 * ends by checking the id_token against the server's JWKS. BROWSERS=firefox (or webkit) runs one.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServers, uniqueEmail, PAGE, type Build, type Servers } from './support/environment.js';
import {
  ENGINE_NAME,
  launchEngine,
  waitUntil,
  type Engine,
  type EngineBrowser,
  type EnginePage,
} from './support/engines.js';
import { VISIBLE_TEXT, type ElementOptions } from './support/login-page.js';
import { verifyIdToken } from './support/tokens.js';
import type { LoginResult } from '../../src/protocol/index.js';

const BUILDS: Build[] = ['cdn', 'es'];
const BUILD_NAME: Record<Build, string> = { cdn: 'script-tag build', es: 'ES build' };

const wanted = (process.env.BROWSERS ?? '').toLowerCase();
const ENGINES = (['firefox', 'webkit'] as Engine[]).filter((engine) => !wanted.trim() || wanted.includes(engine));

const ELEMENT = `document.querySelector('passwordless-login')`;
const field = (selector: string) => `${ELEMENT}.shadowRoot.querySelector(${JSON.stringify(selector)})`;
/** The element's field that has focus, if any. */
const FOCUSED = `${ELEMENT}.shadowRoot.activeElement`;

async function open(page: EnginePage, servers: Servers, build: Build, options: ElementOptions): Promise<void> {
  const query = new URLSearchParams(options as Record<string, string>).toString();
  await page.goto(`${servers.pages.origin}${PAGE[build]}?${query}`);
  await waitForState(page, 'identifier');
}

function waitForState(page: EnginePage, state: string): Promise<void> {
  return waitUntil(page, `${ELEMENT}?.getAttribute('state') === ${JSON.stringify(state)}`, `state="${state}"`);
}

async function waitForLogin(page: EnginePage, count = 1): Promise<LoginResult> {
  await waitUntil(page, `window.e2e && window.e2e.logins.length >= ${count}`, `login event ${count}`);
  return page.evaluate<LoginResult>(`window.e2e.logins[${count - 1}]`);
}

function elementText(page: EnginePage): Promise<string> {
  return page.evaluate<string>(`(${VISIBLE_TEXT})(${ELEMENT})`);
}

/** Puts focus in a field (where the test is about typing there, not about how focus got there). */
async function focusField(page: EnginePage, selector: string): Promise<void> {
  await page.evaluate(`${field(selector)}.focus()`);
}

/** The code field has focus once the code state shows (the element moves it there). */
function waitForCodeFocus(page: EnginePage): Promise<void> {
  return waitUntil(page, `${FOCUSED}?.matches('[part~=code-input]')`, 'focus in the code field');
}

/** Puts `text` on the clipboard as a user would: typed into a field, selected and copied. */
async function copyToClipboard(page: EnginePage, text: string): Promise<void> {
  await page.evaluate(`(() => {
    const source = document.createElement('input');
    source.id = 'clipboard-source';
    document.body.append(source);
    source.focus();
  })()`);
  await page.type(text);
  await page.withControl('a');
  await page.withControl('c');
  await page.evaluate(`document.getElementById('clipboard-source').remove()`);
}

async function requestEmail(page: EnginePage, email: string): Promise<void> {
  await focusField(page, 'input[type=email]');
  await page.type(email);
  await page.press('Enter');
}

async function assertVerifiedLogin(
  servers: Servers,
  login: LoginResult,
  claims: Record<string, unknown>,
): Promise<void> {
  const payload = await verifyIdToken(login.idToken, servers.api.origin, servers.api.clientId);
  for (const [name, value] of Object.entries(claims)) assert.equal(payload[name], value, `id_token claim ${name}`);
  assert.equal(login.idTokenPayload.sub, payload.sub, 'idTokenPayload matches the verified token');
  assert.equal(login.tokenType, 'Bearer');
}

async function assertCleanAddress(page: EnginePage, build: Build): Promise<void> {
  const url = new URL(await page.url());
  assert.equal(url.searchParams.get('code'), null, `code removed from ${url.href}`);
  assert.equal(url.searchParams.get('state'), null, `state removed from ${url.href}`);
  assert.equal(url.pathname, PAGE[build]);
}

for (const engine of ENGINES) {
  describe(`core sign-in flows in ${ENGINE_NAME[engine]} against the real server`, () => {
    let servers: Servers;
    let browser: EngineBrowser;
    before(async () => {
      servers = await startServers({ limits: { resend_interval_seconds: 1 } });
      browser = await launchEngine(engine);
    });
    after(async () => {
      await browser?.close();
      await servers?.close();
    });

    /** A fresh browser profile per test; every tab it opened must end without problems. */
    async function withSession(run: (newPage: () => Promise<EnginePage>) => Promise<void>): Promise<void> {
      const session = await browser.newSession();
      const pages: EnginePage[] = [];
      try {
        await run(async () => {
          const page = await session.newPage();
          pages.push(page);
          return page;
        });
        const problems = (await Promise.all(pages.map((page) => page.problems()))).flat();
        assert.deepEqual(problems, [], `the pages reported problems in ${ENGINE_NAME[engine]} ${browser.version}`);
      } finally {
        await session.close();
      }
    }

    async function askForLink(page: EnginePage, build: Build, email: string) {
      await open(page, servers, build, { connection: 'email', send: 'link' });
      await requestEmail(page, email);
      await waitForState(page, 'link-sent');
      const mail = await servers.smtp.waitForMail(email);
      assert.ok(mail.link, `the email carries a link:\n${mail.text}`);
      return mail.link;
    }

    it('fails a test on a CSP violation or a console error (the guard works here)', async () => {
      const session = await browser.newSession();
      try {
        const page = await session.newPage();
        await page.goto(`${servers.pages.origin}/guard-probe.html`);
        assert.notEqual(await page.evaluate('document.title'), 'inline script ran', 'the inline script was blocked');
        await page.evaluate(`console.error('boom')`);
        const problems = (await page.problems()).join('\n');
        assert.match(problems, /CSP violation: script-src/);
        assert.match(problems, /CSP violation: style-src/);
        assert.match(problems, /console error.*boom/);
      } finally {
        await session.close();
      }
    });

    for (const build of BUILDS) {
      describe(BUILD_NAME[build], () => {
        it('signs in with an email code typed into the focused code field', async () => {
          await withSession(async (newPage) => {
            const page = await newPage();
            const email = uniqueEmail(`${engine}-code-${build}`);
            await open(page, servers, build, { connection: 'email', send: 'code' });
            await requestEmail(page, email);
            await waitForState(page, 'code');
            await waitForCodeFocus(page);
            const mail = await servers.smtp.waitForMail(email);
            assert.match(mail.code ?? '', /^\d{6}$/, `the email holds a 6-digit code:\n${mail.text}`);
            // The sixth digit submits: no Enter.
            await page.type(mail.code!);
            const login = await waitForLogin(page);
            await waitForState(page, 'done');
            await assertVerifiedLogin(servers, login, { email, email_verified: true });
          });
        });

        it('signs in with an SMS code: national format as typed, E.164 to the SMS provider', async () => {
          await withSession(async (newPage) => {
            const page = await newPage();
            await open(page, servers, build, { connection: 'sms', 'default-country': 'GB' });
            await waitUntil(page, `${field('#country')}?.value === 'GB'`, 'the country select');
            const national = `07400 1${String(Date.now()).slice(-5)}`;
            await focusField(page, '#phone');
            await page.type(national.replace(/\s/g, ''));
            assert.equal(await page.evaluate(`${field('#phone')}.value`), national, 'national format as typed');
            await page.press('Enter');
            await waitForState(page, 'code');
            await waitForCodeFocus(page);
            const e164 = `+44${national.replace(/\s/g, '').slice(1)}`;
            const sms = await servers.sms.waitForMessage(e164);
            assert.match(sms.code, /^\d{6}$/);
            await page.type(sms.code);
            const login = await waitForLogin(page);
            await assertVerifiedLogin(servers, login, { phone_number: e164, phone_number_verified: true });
          });
        });

        it('says a wrong code is wrong and keeps focus in the cleared field; the right code, pasted as "123 456", submits itself', async () => {
          await withSession(async (newPage) => {
            const page = await newPage();
            const email = uniqueEmail(`${engine}-wrong-${build}`);
            await open(page, servers, build, { connection: 'email', send: 'code' });
            await requestEmail(page, email);
            await waitForState(page, 'code');
            await waitForCodeFocus(page);
            const mail = await servers.smtp.waitForMail(email);
            const wrong = mail.code === '000000' ? '111111' : '000000';
            await page.type(wrong);
            await waitUntil(page, 'window.e2e.errors.length >= 1', 'the login-error event');
            assert.equal(await page.evaluate('window.e2e.errors[0].error'), 'invalid_grant');
            await waitForState(page, 'code');
            assert.match(await elementText(page), /that code is not right/i);
            assert.equal(await page.evaluate(`${field('[part~=code-input]')}.value`), '', 'the wrong code is cleared');
            await waitForCodeFocus(page);
            // Pasted from the clipboard (Control+v), grouped the way an email shows it; no Enter.
            await copyToClipboard(page, `${mail.code!.slice(0, 3)} ${mail.code!.slice(3)}`);
            await focusField(page, '[part~=code-input]');
            await page.withControl('v');
            const login = await waitForLogin(page);
            assert.equal(await page.evaluate('window.e2e.logins.length'), 1);
            await assertVerifiedLogin(servers, login, { email });
          });
        });

        it('signs in with a magic link opened in the same tab', async () => {
          await withSession(async (newPage) => {
            const page = await newPage();
            const email = uniqueEmail(`${engine}-link-${build}`);
            const link = await askForLink(page, build, email);
            await page.goto(link);
            const login = await waitForLogin(page);
            await waitForState(page, 'done');
            await assertCleanAddress(page, build);
            await assertVerifiedLogin(servers, login, { email, email_verified: true });
          });
        });

        it('signs in with a magic link opened in a second tab, and the first tab emits login too', async () => {
          await withSession(async (newPage) => {
            const first = await newPage();
            const email = uniqueEmail(`${engine}-tab-${build}`);
            const link = await askForLink(first, build, email);
            const second = await newPage();
            await second.goto(link);
            const fromSecond = await waitForLogin(second);
            await assertCleanAddress(second, build);
            assert.match(await elementText(second), /signed in/i, 'the link tab says the user is signed in');
            // BroadcastChannel: the tab that asked learns of the sign-in.
            const fromFirst = await waitForLogin(first);
            await waitForState(first, 'done');
            await assertVerifiedLogin(servers, fromSecond, { email });
            await assertVerifiedLogin(servers, fromFirst, { email });
            assert.equal(await first.evaluate('window.e2e.logins.length'), 1, 'the first tab emits login once');
          });
        });
      });
    }
  });
}
