/** The server's HTML pages: the CSP they are sent with allows their own styling and nothing else. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from './helpers.js';

describe('plain HTML pages', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  const pages = () => [
    {
      name: '/authorize without a registered redirect_uri',
      url: `${s.url}/authorize?client_id=demo&response_type=code`,
      text: /Invalid sign-in request/,
    },
    {
      name: 'a link for an unknown client',
      url: `${s.url}/passwordless/verify_redirect?client_id=nope&redirect_uri=https%3A%2F%2Fevil.example%2Fcb`,
      text: /Invalid sign-in link/,
    },
  ];

  it('have a style the CSP allows by hash, and no inline style attribute or script', async () => {
    for (const page of pages()) {
      const res = await fetch(page.url, { redirect: 'manual' });
      assert.equal(res.status, 400, page.name);
      const html = await res.text();
      assert.match(html, page.text);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /(^|; )default-src 'none'(;|$)/, page.name);
      const styleSrc = csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .find(([name]) => name === 'style-src');
      assert.ok(styleSrc, `${page.name}: style-src is set`);
      const styles = [...html.matchAll(/<style>([^<]*)<\/style>/g)].map((m) => m[1]!);
      assert.equal(styles.length, 1, page.name);
      for (const css of styles) {
        const hash = `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
        assert.ok(styleSrc.includes(hash), `${page.name}: ${hash} in ${csp}`);
      }
      assert.doesNotMatch(html, /\sstyle=/, `${page.name}: no inline style attribute (default-src 'none' drops it)`);
      assert.doesNotMatch(html, /<script/i, page.name);
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    }
  });
});
