/**
 * Auth0's own endpoints beside the OpenID Connect ones, over real HTTP: /v2/logout (Auth0's
 * returnTo rules), /authorize with response_mode=web_message, POST /co/authenticate with its
 * login_ticket, and the /client/{id}.js configuration Lock loads. The real SDKs drive these in
 * Chromium in test/e2e/auth0-sdks.test.ts; here each rule and refusal is checked on its own.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { HostedTransaction } from '../../src/protocol/index.js';
import { get, ORIGIN, post, REDIRECT, startEmail, startServer, type TestServer } from './helpers.js';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(() => s.close());

const verifier = randomBytes(32).toString('base64url');
const challenge = createHash('sha256').update(verifier).digest('base64url');

/** A browser's cookie jar, enough for one origin. */
class Jar {
  cookies = new Map<string, string>();
  take(headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=');
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name!);
      else this.cookies.set(name!, value!);
    }
  }
  header(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }
}

async function open(jar: Jar, url: string) {
  const res = await get(url, jar.header());
  jar.take(res.headers);
  return res;
}

function authorizeUrl(params: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  const all: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: 'demo',
    redirect_uri: REDIRECT,
    scope: 'openid email',
    state: 'st-1',
    nonce: 'n-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...params,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) q.set(k, v);
  return `${s.url}/authorize?${q}`;
}

/** Signs in on the hosted page with an email code: the jar then holds a session. */
async function signIn(jar: Jar, email: string): Promise<void> {
  const page = await open(jar, authorizeUrl());
  assert.equal(page.status, 200);
  const m = /transaction="([^"]+)"/.exec(page.body as string)!;
  const tx = JSON.parse(m[1]!.replace(/&#34;/g, '"')) as HostedTransaction;
  await startEmail(s, email, {}, { origin: s.url });
  const done = await post(
    `${s.url}/authorize/complete`,
    { transaction: tx.id, connection: 'email', username: email, otp: await s.lastCode(email) },
    { ...jar.header(), origin: s.url },
  );
  assert.equal(done.status, 200, JSON.stringify(done.body));
  jar.take(done.headers);
}

/** Whether the jar's session still signs in silently. */
async function signedIn(jar: Jar): Promise<boolean> {
  return (await open(jar, authorizeUrl({ prompt: 'none' }))).headers.get('location')?.includes('code=') === true;
}

describe('GET /v2/logout (Auth0 rules)', () => {
  it('ends the session and returns to an allowed logout URL; federated is ignored', async () => {
    const jar = new Jar();
    await signIn(jar, 'v2logout1@example.com');
    assert.equal(await signedIn(jar), true);
    const res = await open(jar, `${s.url}/v2/logout?client_id=demo&returnTo=${encodeURIComponent(REDIRECT)}&federated`);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), REDIRECT);
    assert.equal(await signedIn(jar), false);
  });

  it('compares returnTo without its query string, as Auth0 does', async () => {
    const to = `${REDIRECT}?from=logout`;
    const res = await get(`${s.url}/v2/logout?client_id=demo&returnTo=${encodeURIComponent(to)}`);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), to);
  });

  it('without returnTo, goes to the first allowed logout URL of the client', async () => {
    const res = await get(`${s.url}/v2/logout?client_id=demo`);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), REDIRECT);
  });

  for (const [i, [what, query]] of (
    [
      ['a returnTo that is not allowed', `client_id=demo&returnTo=${encodeURIComponent('https://evil.example/')}`],
      [
        'a returnTo on another path of an allowed origin',
        `client_id=demo&returnTo=${encodeURIComponent(`${ORIGIN}/x`)}`,
      ],
      ['a returnTo without client_id', `returnTo=${encodeURIComponent(REDIRECT)}`],
      ['an unknown client', `client_id=nobody&returnTo=${encodeURIComponent(REDIRECT)}`],
    ] as const
  ).entries()) {
    it(`answers ${what} with a page, not a redirect, and keeps the session`, async () => {
      const jar = new Jar();
      await signIn(jar, `v2refused-${i}@example.com`);
      const res = await open(jar, `${s.url}/v2/logout?${query}`);
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('location'), null);
      assert.match(res.headers.get('content-type')!, /text\/html/);
      assert.match(res.body as string, /<h1>/);
      assert.equal(await signedIn(jar), true, 'nothing half-done: still signed in');
    });
  }

  it('without client_id or returnTo, signs out and says so on a page', async () => {
    const jar = new Jar();
    await signIn(jar, 'v2logout2@example.com');
    const res = await open(jar, `${s.url}/v2/logout`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /text\/html/);
    assert.equal(await signedIn(jar), false);
  });
});
