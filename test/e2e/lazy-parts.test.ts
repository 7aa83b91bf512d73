/**
 * The script-tag build evaluates phone support (libphonenumber-js and its metadata) only when a
 * connection includes sms: the file holds it, wrapped, and an email page never runs it. Seen from
 * the page: the metadata's JSON.parse (a string with `country_calling_codes`) happens once on an
 * sms page and never on an email page, even after focus entered the element and the API calls
 * loaded. A build that ran the phone code at load again fails here.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newGuardedContext, PageGuard } from './support/browser.js';
import { DIST_DIR } from './support/build-pages.js';

/** Counts the parses of the phone metadata, from before the script-tag build runs. */
const COUNTER = `<script>
  window.metadataParses = 0;
  const parse = JSON.parse;
  JSON.parse = function (text, reviver) {
    if (typeof text === 'string' && text.includes('country_calling_codes')) window.metadataParses++;
    return parse.call(this, text, reviver);
  };
</script>`;

const page = (connection: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>e2e: ${connection}</title>
<link rel="icon" href="data:,">
${COUNTER}
<script src="/dist/cdn/passwordless-login.js"></script></head>
<body><passwordless-login domain="http://127.0.0.1:9" client-id="e2e" connection="${connection}" passkeys="off"></passwordless-login></body></html>`;

// No API answers here: passkeys="off" keeps the element's passkey probe (discovery) from calling it.
const PAGES: Record<string, string> = { '/email.html': page('email'), '/sms.html': page('sms') };

describe('script-tag build: phone support runs only for sms', () => {
  let browser: Browser;
  let server: Server;

  before(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (PAGES[path]) return void res.writeHead(200, { 'content-type': 'text/html' }).end(PAGES[path]);
      const file = normalize(join(DIST_DIR, path.replace(/^\/dist\//, '/')));
      if (!path.startsWith('/dist/') || !file.startsWith(DIST_DIR)) return void res.writeHead(404).end();
      readFile(file).then(
        (body) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(body),
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  const open = async (path: string) => {
    const guard = new PageGuard();
    const context = await newGuardedContext(browser, guard);
    const tab = await context.newPage();
    await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
    return { tab, guard, context };
  };
  const parses = (tab: Page) => tab.evaluate(() => (window as unknown as { metadataParses: number }).metadataParses);

  it('an email page shows its field and never parses the phone metadata', async () => {
    const { tab, guard, context } = await open('/email.html');
    const email = tab.locator('passwordless-login #email');
    await email.waitFor();
    await email.focus();
    await email.fill('ada@example');
    // Sending loads the API calls; the address is refused before any request, with its message.
    await tab.locator('passwordless-login button[type=submit]').click();
    await tab.locator('passwordless-login #email[aria-invalid=true]').waitFor();
    assert.equal(await parses(tab), 0);
    guard.assertClean();
    await context.close();
  });

  it('an sms page parses it once and fills the country list', async () => {
    const { tab, guard, context } = await open('/sms.html');
    await tab.locator('passwordless-login #country option[value=DE]').waitFor({ state: 'attached' });
    assert.equal(await parses(tab), 1);
    guard.assertClean();
    await context.close();
  });
});
