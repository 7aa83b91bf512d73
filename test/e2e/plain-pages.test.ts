/**
 * The API's HTML pages (a dead magic link, /authorize) in Chromium: their CSP lets their own
 * stylesheet apply (no CSP violation), so the page is laid out as written.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from '../server/helpers.js';
import { PageGuard, launchChromium, newGuardedContext } from './support/browser.js';

describe('plain HTML pages in Chromium', () => {
  let api: TestServer;
  let browser: Browser;
  before(async () => {
    api = await startServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await api?.close();
  });

  for (const [name, path] of [
    ['/authorize', '/authorize?client_id=demo&response_type=code'],
    ['an invalid sign-in link', '/passwordless/verify_redirect?client_id=nope'],
  ] as const) {
    it(`${name} is styled and breaks no CSP rule`, async () => {
      const guard = new PageGuard();
      guard.allowHttpErrors(400);
      const context = await newGuardedContext(browser, guard);
      try {
        const page = await context.newPage();
        const response = await page.goto(api.url + path);
        assert.equal(response?.status(), 400);
        const style = await page.evaluate(() => {
          const s = getComputedStyle(document.body);
          return { maxWidth: s.maxWidth, fontFamily: s.fontFamily };
        });
        assert.equal(style.maxWidth, '576px', 'the 36rem column of the stylesheet applies');
        assert.match(style.fontFamily, /system-ui/);
        await guard.settle(page);
        guard.assertClean();
      } finally {
        await context.close();
      }
    });
  }
});
