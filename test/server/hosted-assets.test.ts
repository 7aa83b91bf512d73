/**
 * The hosted page's script files (the element's script-tag build in dist/cdn), served from disk by
 * @fastify/send with the headers the page relies on. Without a build (no dist/cdn), the test
 * writes two small files where the build puts them and removes what it made afterwards.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { get, startServer, type TestServer } from './helpers.js';

const DIST = resolve(new URL('../../dist', import.meta.url).pathname);
const CDN = resolve(DIST, 'cdn');
const ENTRY = resolve(CDN, 'passwordless-login.js');
const LOCALE = resolve(CDN, 'locales/de.js');

describe('hosted page assets', () => {
  let s: TestServer;
  /** The folder this test made (and removes), when there was no build. */
  let made: string | null = null;

  before(async () => {
    if (!existsSync(CDN)) {
      made = existsSync(DIST) ? CDN : DIST;
      mkdirSync(resolve(CDN, 'locales'), { recursive: true });
      writeFileSync(ENTRY, 'export const element = "passwordless-login";\n');
      writeFileSync(LOCALE, 'export default { hello: "Hallo" };\n');
    }
    s = await startServer();
  });

  after(async () => {
    await s?.close();
    if (made) rmSync(made, { recursive: true, force: true });
  });

  it('serves the element and its locale chunks as JavaScript, cached for five minutes', async () => {
    for (const [path, file] of [
      ['/authorize/assets/passwordless-login.js', ENTRY],
      ['/authorize/assets/locales/de.js', LOCALE],
    ] as const) {
      const res = await get(`${s.url}${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8', path);
      assert.equal(res.headers.get('cache-control'), 'public, max-age=300', path);
      assert.equal(res.body, readFileSync(file, 'utf8'), path);
    }
  });

  it('revalidates: ETag and Last-Modified, and a 304 for a copy the browser has', async () => {
    const url = `${s.url}/authorize/assets/passwordless-login.js`;
    const first = await fetch(url);
    await first.arrayBuffer();
    const etag = first.headers.get('etag');
    assert.ok(etag, 'an ETag');
    assert.ok(first.headers.get('last-modified'), 'a Last-Modified');
    // As a browser revalidates (fetch would add `cache-control: no-cache` to a conditional request).
    const again = await fetch(url, { headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    const part = await fetch(url, { headers: { range: 'bytes=0-5' } });
    assert.equal(part.status, 206);
    assert.equal(await part.text(), readFileSync(ENTRY, 'utf8').slice(0, 6));
    // What cannot be served gets the error shape, with the status and a description that says why.
    const outside = await fetch(url, { headers: { range: 'bytes=99999999-' } });
    assert.equal(outside.status, 416);
    assert.match(outside.headers.get('content-range') ?? '', /^bytes \*\/\d+$/);
    assert.deepEqual(await outside.json(), {
      error: 'bad.request',
      error_description: 'The requested range is not in the file.',
    });
    const changed = await fetch(url, { headers: { 'if-match': '"another"' } });
    assert.equal(changed.status, 412);
    assert.equal(((await changed.json()) as { error: string }).error, 'bad.request');
  });

  it('answers a missing or foreign file with the JSON 404', async () => {
    for (const path of [
      '/authorize/assets/nothing.js',
      '/authorize/assets/..%2Fpackage.json',
      '/authorize/assets/locales/x.css',
    ]) {
      const res = await get(`${s.url}${path}`);
      assert.equal(res.status, 404, path);
      assert.equal(res.body.error, 'not_found', path);
      assert.match(res.body.error_description, /^No asset /, path);
    }
  });
});
