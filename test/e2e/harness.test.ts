/**
 * The guard that every e2e test relies on must itself be able to fail: a page breaking the CSP,
 * or logging a console error, is reported.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PageGuard, launchChromium, newGuardedContext } from './support/browser.js';
import { startStaticServer, type StaticServer } from './support/static-server.js';
import { PAGES_DIR } from './support/build-pages.js';
import { waitUntil } from './support/process.js';
import type { Browser } from 'playwright-core';

describe('e2e harness', () => {
  let pages: StaticServer;
  let browser: Browser;
  before(async () => {
    pages = await startStaticServer({ mounts: { '/': PAGES_DIR } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await pages?.close();
  });

  it('serves pages with a strict CSP', async () => {
    const response = await fetch(`${pages.origin}/csp-probe.html`);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('reports CSP violations and console errors as problems', async () => {
    const guard = new PageGuard();
    const context = await newGuardedContext(browser, guard);
    try {
      const page = await context.newPage();
      await page.goto(`${pages.origin}/csp-probe.html`);
      assert.notEqual(await page.title(), 'inline script ran', 'the inline script was blocked');
      await page.evaluate(() => console.error('boom'));
      // The violations are reported by an event listener, a task after they happen: wait for them.
      const expected = [/CSP violation: script-src/, /CSP violation: style-src/, /console error on .*: boom/];
      await waitUntil(() => expected.every((re) => guard.problems.some((p) => re.test(p))), 15_000);
      assert.throws(() => guard.assertClean(), /CSP violation: script-src/);
      assert.throws(() => guard.assertClean(), /CSP violation: style-src/);
      assert.throws(() => guard.assertClean(), /console error on .*: boom/);
    } finally {
      await context.close();
    }
  });
});
