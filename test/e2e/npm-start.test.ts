/**
 * The newcomer's path: `npm start` from a clean state, then sign in through the demo in Chromium
 * by email code, SMS code and magic link, reading codes and links from the dev mailbox page.
 * Ctrl-C (SIGINT to the process group, as a terminal sends it) stops everything, and a second
 * start reuses the data (same signing key).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startProcess, type StartedProcess } from './support/process.js';
import { freePort } from './support/net.js';
import { PageGuard, launchChromium, newGuardedContext } from './support/browser.js';
import { verifyIdToken } from './support/tokens.js';
import { axeViolations } from './support/axe.js';
import { portIsFree } from '../../scripts/lib/ports.mjs';

const REPO = resolve(new URL('../..', import.meta.url).pathname);

interface Running {
  app: StartedProcess;
  demo: string;
  api: string;
}

async function npmStart(home: string, apiPort: number, demoPort: number): Promise<Running> {
  const app = startProcess('npm', ['start'], {
    cwd: REPO,
    env: { ...process.env, PWL_HOME: home, API_PORT: String(apiPort), DEMO_PORT: String(demoPort) },
  });
  try {
    await app.waitFor(/Press Ctrl-C to stop/, 120_000);
  } catch (error) {
    await app.stop();
    throw error;
  }
  const demo = app.output().match(/Demo\s+(http:\/\/\S+?)\/?\s/)?.[1];
  const api = app.output().match(/API\s+(http:\/\/\S+?)\/?\s/)?.[1];
  assert.ok(demo && api, `npm start printed the URLs:\n${app.output()}`);
  return { app, demo, api };
}

async function stopLikeCtrlC(running: Running, ports: number[]): Promise<void> {
  const { code, forced } = await running.app.stop(10_000, 'SIGINT');
  assert.equal(forced, false, `Ctrl-C stopped everything without SIGKILL:\n${running.app.output()}`);
  // npm itself dies of the SIGINT (as in a terminal); the start script must have finished its
  // own shutdown and left nothing behind (stop() waited for the whole process group).
  assert.ok(code === 0 || code === 128, `exit ${code}`);
  assert.match(running.app.output(), /Stopped\./, 'the start script shut down API and demo');
  for (const port of ports) assert.ok(await portIsFree(port), `port ${port} is free again`);
}

/** Resolves with the next `login` detail's id_token on the page's element. */
function nextIdToken(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document
          .querySelector('passwordless-login')!
          .addEventListener('login', (e) => resolve(e.detail.idToken), { once: true });
      }),
  );
}

/** Opens the dev mailbox from the demo's own link (a new tab) and reads the newest message to `to`. */
async function openMailboxMessage(context: BrowserContext, page: Page, to: string) {
  const [mailbox] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('link', { name: 'Open the dev mailbox' }).click(),
  ]);
  await mailbox.waitForLoadState();
  const message = mailbox.locator('li.message').filter({ hasText: to }).first();
  await message.waitFor({ timeout: 10_000 });
  return { mailbox, message };
}

describe('npm start (the README path)', () => {
  let home: string;
  let browser: Browser;
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'pwl-npm-start-'));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await rm(home, { recursive: true, force: true });
  });

  it('starts API and demo from a clean state, signs in three ways through the demo, stops on Ctrl-C, and reuses its data', async () => {
    const apiPort = await freePort();
    const demoPort = await freePort();
    const first = await npmStart(home, apiPort, demoPort);
    let kids: string[];
    try {
      assert.equal(first.api, `http://127.0.0.1:${apiPort}`);
      assert.equal(first.demo, `http://127.0.0.1:${demoPort}`);
      assert.ok(existsSync(join(home, '.data')), 'the API keeps its data under .data/');

      const guard = new PageGuard();
      const context = await newGuardedContext(browser, guard);
      try {
        // Email code: the demo's first flow.
        const page = await context.newPage();
        await page.goto(`${first.demo}/`);
        await page.locator('passwordless-login[state="identifier"]').waitFor();
        const email = `newcomer-${Date.now()}@example.com`;
        await page.getByLabel('Email', { exact: true }).fill(email);
        await page.getByRole('button', { name: 'Send code' }).click();
        await page.locator('passwordless-login[state="code"]').waitFor();
        const { mailbox, message } = await openMailboxMessage(context, page, email);
        const code = (await message.locator('output.code').textContent())?.trim() ?? '';
        assert.match(code, /^\d{6}$/);
        await mailbox.close();
        const token = nextIdToken(page);
        await page.getByLabel('Verification code').pressSequentially(code);
        const claims = await verifyIdToken(await token, first.api, 'demo');
        assert.equal(claims.email, email);
        await page.getByRole('heading', { name: `Signed in as ${email}` }).waitFor();
        assert.match((await page.locator('.expiry').textContent()) ?? '', /expires in/);
        // Sign out resets the element to its first step.
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.locator('passwordless-login[state="identifier"]').waitFor();
        assert.equal(await page.locator('#session').isHidden(), true, 'the signed-in panel is gone');

        // SMS code: one click away.
        await page.getByRole('link', { name: 'SMS code' }).click();
        await page.locator('passwordless-login[state="identifier"]').waitFor();
        await page.getByLabel('Phone number').pressSequentially(`2015550${String(Date.now()).slice(-3)}`);
        const phone = (await page.getByLabel('Phone number').inputValue()).replace(/\D/g, '');
        await page.getByRole('button', { name: 'Send code' }).click();
        await page.locator('passwordless-login[state="code"]').waitFor();
        const sms = await openMailboxMessage(context, page, `+1${phone}`);
        const smsCode = (await sms.message.locator('output.code').textContent())?.trim() ?? '';
        await sms.mailbox.close();
        const smsToken = nextIdToken(page);
        await page.getByLabel('Verification code').pressSequentially(smsCode);
        assert.equal((await verifyIdToken(await smsToken, first.api, 'demo')).phone_number, `+1${phone}`);

        // Magic link: opened from the mailbox in a new tab; both tabs end signed in.
        await page.getByRole('link', { name: 'Magic link' }).click();
        await page.locator('passwordless-login[state="identifier"]').waitFor();
        const linkEmail = `link-${Date.now()}@example.com`;
        await page.getByLabel('Email', { exact: true }).fill(linkEmail);
        await page.getByRole('button', { name: 'Send link' }).click();
        await page.locator('passwordless-login[state="link-sent"]').waitFor();
        const linkToken = nextIdToken(page);
        const link = await openMailboxMessage(context, page, linkEmail);
        const [callback] = await Promise.all([
          context.waitForEvent('page'),
          link.message.getByRole('link', { name: /Open link/ }).click(),
        ]);
        await callback
          .getByRole('heading', { name: `Signed in as ${linkEmail}` })
          .waitFor()
          .catch(async (error: Error) => {
            const state = await callback.locator('passwordless-login').getAttribute('state');
            throw new Error(
              `${error.message}\ncallback tab at ${callback.url()}, element state ${state}\n${first.app.output().slice(-3000)}`,
            );
          });
        assert.equal(new URL(callback.url()).search, '', 'code and state are gone from the address bar');
        assert.equal((await verifyIdToken(await linkToken, first.api, 'demo')).email, linkEmail);
        await page.getByRole('heading', { name: `Signed in as ${linkEmail}` }).waitFor();

        // Hosted login: oidc-client-ts sends the demo to the API's own page and back, then signs out
        // through the end_session_endpoint.
        const hosted = await context.newPage();
        await hosted.goto(`${first.demo}/hosted.html`);
        await hosted.getByRole('button', { name: 'Sign in' }).click();
        await hosted.waitForURL((u) => u.href.startsWith(`${first.api}/authorize`));
        await hosted.locator('passwordless-login[state="identifier"]').waitFor();
        const hostedEmail = `hosted-${Date.now()}@example.com`;
        await hosted.getByLabel('Email', { exact: true }).fill(hostedEmail);
        await hosted.getByRole('button', { name: 'Send code' }).click();
        await hosted.locator('passwordless-login[state="code"]').waitFor();
        const hostedMailbox = await context.newPage();
        await hostedMailbox.goto(`${first.demo}/mailbox.html`);
        const hostedMessage = hostedMailbox.locator('li.message').filter({ hasText: hostedEmail }).first();
        await hostedMessage.waitFor({ timeout: 10_000 });
        const hostedCode = (await hostedMessage.locator('output.code').textContent())?.trim() ?? '';
        await hostedMailbox.close();
        await hosted.getByLabel('Verification code').pressSequentially(hostedCode);
        await hosted.getByRole('heading', { name: `Signed in as ${hostedEmail}` }).waitFor();
        assert.equal(new URL(hosted.url()).origin, first.demo, 'back at the demo');
        assert.deepEqual(await axeViolations(hosted), [], 'axe on the hosted login demo');
        await hosted.getByRole('button', { name: 'Sign out' }).click();
        await hosted.waitForURL(
          (u) => u.href.startsWith(`${first.demo}/hosted.html`) && !u.href.includes('/authorize'),
        );
        await hosted.getByRole('button', { name: 'Sign in' }).waitFor();
        await hosted.close();

        // The other demo pages load cleanly (the guard fails on any console error), and every
        // page passes axe (the element's shadow DOM included).
        const other = await context.newPage();
        const assertAccessible = async (): Promise<void> => {
          assert.deepEqual(await axeViolations(other), [], `axe on ${other.url()}`);
        };
        await other.goto(`${first.demo}/mailbox.html`);
        await other.locator('li.message').first().waitFor();
        await assertAccessible();
        await other.goto(`${first.demo}/index.html?flow=sms-code`);
        await other.locator('passwordless-login[state="identifier"]').waitFor();
        await assertAccessible();
        await other.goto(`${first.demo}/script-tag.html`);
        await other.locator('passwordless-login[state="identifier"]').waitFor();
        await assertAccessible();
        const source = (await other.locator('#source').textContent()) ?? '';
        assert.match(source, /<script src="[^"]+\/cdn\/passwordless-login\.js"><\/script>/);
        assert.ok(source.includes(`domain="${first.api}"`), `the source shown is the page's own:\n${source}`);
        await other.goto(`${first.demo}/spa.html`);
        await other.locator('passwordless-login[state="identifier"]').waitFor();
        await assertAccessible();
        await other.goto(`${first.demo}/themes.html`);
        await other.locator('passwordless-login[state="identifier"]').nth(3).waitFor();
        await assertAccessible();
        for (const css of await other.locator('code[data-theme]').allTextContents()) {
          assert.match(css, /passwordless-login(::part\(|\s*\{)/, 'each theme shows its CSS');
        }
        // The Arabic look: the built-in ar strings, laid out right to left by the element itself.
        const arabic = other.locator('.theme-rtl passwordless-login[lang="ar"]');
        await arabic.getByText('تسجيل الدخول', { exact: true }).waitFor();
        assert.equal(await arabic.locator('[part~="base"]').evaluate((el) => getComputedStyle(el).direction), 'rtl');
        guard.assertClean();
      } finally {
        await context.close();
      }
      const jwks = (await (await fetch(`${first.api}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
      kids = jwks.keys.map((k) => k.kid);
    } finally {
      await stopLikeCtrlC(first, [apiPort, demoPort]);
    }

    // A second start finds the same data: the same signing key, so earlier tokens still verify.
    const second = await npmStart(home, apiPort, demoPort);
    try {
      assert.match(second.app.output(), /Widget build is up to date/);
      const jwks = (await (await fetch(`${second.api}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
      assert.deepEqual(
        jwks.keys.map((k) => k.kid),
        kids,
      );
    } finally {
      await stopLikeCtrlC(second, [apiPort, demoPort]);
    }
  });
});
