#!/usr/bin/env node
/**
 * `npm run screenshots`: the README's pictures, made by headless Chromium from the running demo.
 * Starts `npm start` on free ports with a throwaway data folder, takes the PNGs into docs/, and
 * stops it again. CHROME_PATH overrides /usr/bin/chromium.
 *
 *   docs/element-identifier.png  the element asking for an email or phone number
 *   docs/element-code.png        the element waiting for the 6-digit code
 *   docs/element-ar.png, element-ja.png, element-ru.png  the element in Arabic (right to left),
 *                                Japanese and Russian (waiting for the code)
 *   docs/themes.png              the theming gallery (brand, dark, compact, Arabic RTL)
 *   docs/mailbox.png             the dev mailbox with a code and a magic link
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './lib/chromium.mjs';
import { pickPort } from './lib/ports.mjs';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const docs = resolve(repo, 'docs');

/** Runs scripts/start.mjs in its own process group and resolves once it printed its URLs. */
async function startDemo(home) {
  const apiPort = await pickPort(undefined, 3100, 'API port');
  const demoPort = await pickPort(undefined, 5273, 'demo port');
  const child = spawn(process.execPath, [resolve(repo, 'scripts/start.mjs')], {
    cwd: repo,
    env: { ...process.env, PWL_HOME: home, API_PORT: String(apiPort), DEMO_PORT: String(demoPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  await new Promise((ready, fail) => {
    const onData = (chunk) => {
      output += chunk;
      if (output.includes('Press Ctrl-C to stop')) ready();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`npm start exited (${code}):\n${output}`)));
  });
  const stop = () =>
    new Promise((done) => {
      child.once('exit', done);
      process.kill(-child.pid, 'SIGINT');
    });
  return { demo: `http://127.0.0.1:${demoPort}`, stop };
}

async function main() {
  const home = await mkdtemp(join(tmpdir(), 'pwl-screenshots-'));
  const demo = await startDemo(home);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      deviceScaleFactor: 2,
      locale: 'en-US',
      colorScheme: 'light',
    });
    const page = await context.newPage();

    await page.goto(`${demo.demo}/spa.html`);
    const card = page.locator('section.card', { has: page.locator('passwordless-login') });
    await page.locator('passwordless-login[state="identifier"]').waitFor();
    await page.getByLabel('Email', { exact: true }).fill('ada@example.com');
    await card.screenshot({ path: join(docs, 'element-identifier.png') });

    await page.getByRole('button', { name: 'Send code' }).click();
    await page.locator('passwordless-login[state="code"]').waitFor();
    await page.getByLabel('Verification code').pressSequentially('271');
    await card.screenshot({ path: join(docs, 'element-code.png') });

    // The element in three of its languages (lang set on the element itself).
    for (const [lang, to, email] of [
      ['ar', 'identifier', 'layla@example.com'],
      ['ja', 'identifier', 'yui@example.com'],
      ['ru', 'code', 'ivan@example.com'],
    ]) {
      await page.goto(`${demo.demo}/spa.html`);
      const element = page.locator('passwordless-login');
      await page.locator('passwordless-login[state="identifier"]').waitFor();
      await element.evaluate((el, tag) => el.setAttribute('lang', tag), lang);
      await element.evaluate(
        (el) =>
          new Promise((shown) => {
            const check = () =>
              el.shadowRoot?.querySelector('[part~=title]')?.textContent === 'Sign in'
                ? setTimeout(check, 16)
                : shown(undefined);
            check();
          }),
      );
      await element.locator('input[type=email]').fill(email);
      if (to === 'code') {
        await element.locator('[part~=send-button]').click();
        await page.locator('passwordless-login[state="code"]').waitFor();
        await element.locator('#code').pressSequentially('271');
      }
      await element.screenshot({ path: join(docs, `element-${lang}.png`) });
    }

    // A magic link too, so the mailbox shows both kinds of message.
    await page.goto(`${demo.demo}/index.html?flow=magic-link`);
    await page.locator('passwordless-login[state="identifier"]').waitFor();
    await page.getByLabel('Email', { exact: true }).fill('grace@example.com');
    await page.getByRole('button', { name: 'Send link' }).click();
    await page.locator('passwordless-login[state="link-sent"]').waitFor();
    await page.goto(`${demo.demo}/mailbox.html`);
    await page.locator('li.message').nth(1).waitFor();
    await page.screenshot({ path: join(docs, 'mailbox.png') });

    const gallery = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
    await gallery.goto(`${demo.demo}/themes.html`);
    await gallery.locator('passwordless-login[state="identifier"]').nth(3).waitFor();
    await gallery.locator('.gallery').screenshot({ path: join(docs, 'themes.png') });
    await gallery.close();
    process.stdout.write(
      `Wrote element-identifier.png, element-code.png, element-ar/ja/ru.png, mailbox.png and themes.png to ${docs}\n`,
    );
  } finally {
    await browser.close();
    await demo.stop();
    await rm(home, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`screenshots failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
