/**
 * The hosted page's script files (the element's script-tag build in dist/cdn), served from disk by
 * @fastify/static with the headers the page relies on. Without a build (no dist/cdn), the test
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

  it('answers a missing or foreign file with the JSON 404', async () => {
    for (const path of [
      '/authorize/assets/nothing.js',
      '/authorize/assets/..%2Fpackage.json',
      '/authorize/assets/locales/x.css',
    ]) {
      const res = await get(`${s.url}${path}`);
      assert.equal(res.status, 404, path);
      assert.equal(res.body.error, 'not_found', path);
    }
  });
});
