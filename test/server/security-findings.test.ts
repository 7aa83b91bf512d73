/**
 * What an outside probe still found on 2026-12-07, one describe per finding. Each test failed before
 * its fix. The fuzz suite's coverage of every route lives in fuzz.test.ts.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { HostedTransaction } from '../../src/protocol/index.js';
import { addressKey, canonicalAddress } from '../../src/server/client-address.js';
import { RedisStore } from '../../src/server/store/redis.js';
import { SqliteStore } from '../../src/server/store/sqlite.js';
import type { Store } from '../../src/server/store/types.js';
import type { DeliveryProvider } from '../../src/server/delivery/index.js';
import {
  get,
  isErrorShape,
  otpLogin,
  post,
  rawRequest,
  REDIRECT,
  startEmail,
  startServer,
  startSms,
  wrongCode,
  type TestServer,
  Jar,
  getWithJar as open,
} from './helpers.js';
import { skipWithoutRedis, startRedis } from './redis-server.js';

const verifier = randomBytes(32).toString('base64url');
const challenge = createHash('sha256').update(verifier).digest('base64url');

function authorizeUrl(s: TestServer, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: 'demo',
    redirect_uri: REDIRECT,
    scope: 'openid email',
    state: 'st',
    nonce: 'n',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  return `${s.url}/authorize?${q}`;
}

function transactionOf(html: string): HostedTransaction {
  const m = /transaction="([^"]+)"/.exec(html);
  assert.ok(m, 'the page passes a transaction to the element');
  return JSON.parse(m[1]!.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&#38;/g, '&'));
}

/** Signs in on the hosted page with an email code and redeems the code: the app's tokens. */
async function hostedSignIn(s: TestServer, jar: Jar, email: string, extra: Record<string, string> = {}) {
  const page = await open(jar, authorizeUrl(s, extra));
  assert.equal(page.status, 200);
  const tx = transactionOf(page.body);
  assert.equal((await startEmail(s, email, {}, { origin: s.url })).status, 200);
  const done = await post(
    `${s.url}/authorize/complete`,
    { transaction: tx.id, connection: 'email', username: email, otp: await s.lastCode(email) },
    { ...jar.header(), origin: s.url },
  );
  assert.equal(done.status, 200, JSON.stringify(done.body));
  jar.take(done.headers);
  const code = new URL(done.body.redirect_to).searchParams.get('code')!;
  const tokens = await post(`${s.url}/oauth/token`, {
    grant_type: 'authorization_code',
    client_id: 'demo',
    code,
    code_verifier: verifier,
    redirect_uri: REDIRECT,
  });
  assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
  return tokens.body as { id_token: string; access_token: string };
}

/** Whether the jar's session still signs in silently (prompt=none answers a code). */
async function signedIn(s: TestServer, jar: Jar): Promise<boolean> {
  const res = await open(jar, authorizeUrl(s, { prompt: 'none' }));
  assert.equal(res.status, 302);
  return new URL(res.headers.get('location')!).searchParams.get('code') !== null;
}

describe('a refused refresh leaves the refresh token valid', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({
      limits: { starts_per_ip_per_hour: 1000 },
      apis: [{ audience: 'https://orders.example.com', scopes: ['read:orders'] }],
    });
  });
  after(() => s.close());

  async function refreshToken(email: string): Promise<string> {
    await startEmail(s, email);
    const res = await otpLogin(s, email, await s.lastCode(email), { scope: 'openid offline_access' });
    assert.ok(res.body.refresh_token);
    return res.body.refresh_token as string;
  }
  const refresh = (token: string, extra: Record<string, string> = {}) =>
    post(`${s.url}/oauth/token`, { grant_type: 'refresh_token', client_id: 'demo', refresh_token: token, ...extra });

  it('400 invalid_scope for one scope too many, then the same token still refreshes', async () => {
    const token = await refreshToken('scope-too-many@example.com');
    const refused = await refresh(token, { scope: 'openid offline_access email' });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'invalid_scope');
    const again = await refresh(token);
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.ok(again.body.refresh_token);
  });

  it('another audience is refused with 400 and the token still refreshes', async () => {
    const token = await refreshToken('other-audience@example.com');
    const refused = await refresh(token, { audience: 'https://orders.example.com' });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'invalid_request');
    const again = await refresh(token);
    assert.equal(again.status, 200, JSON.stringify(again.body));
  });
});

describe('only an ID token of this server for that client is an id_token_hint', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({
      limits: { starts_per_ip_per_hour: 1000 },
      apis: [{ audience: 'https://orders.example.com', scopes: ['read:orders'] }],
      clients: [
        {
          client_id: 'demo',
          name: 'Demo App',
          allowed_origins: ['http://localhost:5173'],
          redirect_uris: [REDIRECT],
          post_logout_redirect_uris: [REDIRECT],
          connections: ['email', 'sms'],
        },
        {
          client_id: 'm2m',
          name: 'Backend',
          client_secret: 'm2m-secret-m2m-secret-m2m',
          grant_types: ['client_credentials'],
          client_grants: [{ scope: ['read:users'] }],
        },
      ],
    });
  });
  after(() => s.close());

  it('an access token as hint ends nothing: the person is asked to confirm', async () => {
    const jar = new Jar();
    // With an audience, the access token is a JWT signed by this server's keys.
    const tokens = await hostedSignIn(s, jar, 'hint-access@example.com', { audience: 'https://orders.example.com' });
    assert.equal(tokens.access_token.split('.').length, 3);
    const res = await open(jar, `${s.url}/oidc/logout?id_token_hint=${tokens.access_token}`);
    assert.ok(res.status === 400 || /<form method="post"/.test(res.body), `${res.status} ${res.body}`);
    assert.equal(await signedIn(s, jar), true, 'still signed in');
  });

  it('a management token as hint ends nothing', async () => {
    const jar = new Jar();
    await hostedSignIn(s, jar, 'hint-mgmt@example.com');
    const m2m = await post(`${s.url}/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: 'm2m',
      client_secret: 'm2m-secret-m2m-secret-m2m',
      audience: `${s.url}/api/v2/`,
    });
    assert.equal(m2m.status, 200, JSON.stringify(m2m.body));
    const res = await open(jar, `${s.url}/oidc/logout?id_token_hint=${m2m.body.access_token}`);
    assert.ok(res.status === 400 || /<form method="post"/.test(res.body), `${res.status} ${res.body}`);
    assert.equal(await signedIn(s, jar), true, 'still signed in');
  });

  it('an old ID token of an earlier session asks for confirmation; the current one ends the session', async () => {
    const jar = new Jar();
    const old = await hostedSignIn(s, jar, 'hint-old@example.com');
    // A new session of the same person in the same browser (prompt=login signs in again).
    const page = await open(jar, authorizeUrl(s, { prompt: 'login' }));
    const tx = transactionOf(page.body);
    s.clock.advance(61);
    assert.equal((await startEmail(s, 'hint-old@example.com', {}, { origin: s.url })).status, 200);
    const done = await post(
      `${s.url}/authorize/complete`,
      {
        transaction: tx.id,
        connection: 'email',
        username: 'hint-old@example.com',
        otp: await s.lastCode('hint-old@example.com'),
      },
      { ...jar.header(), origin: s.url },
    );
    assert.equal(done.status, 200, JSON.stringify(done.body));
    jar.take(done.headers);
    const code = new URL(done.body.redirect_to).searchParams.get('code')!;
    const current = await post(`${s.url}/oauth/token`, {
      grant_type: 'authorization_code',
      client_id: 'demo',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    });
    const stale = await open(jar, `${s.url}/oidc/logout?id_token_hint=${old.id_token}`);
    assert.equal(stale.status, 200);
    assert.match(stale.body, /<form method="post"/, 'the person confirms');
    assert.equal(await signedIn(s, jar), true, 'the stale hint ended nothing');
    const fresh = await open(jar, `${s.url}/oidc/logout?id_token_hint=${current.body.id_token}`);
    assert.equal(fresh.status, 200);
    assert.doesNotMatch(fresh.body, /<form method="post"/);
    assert.equal(await signedIn(s, jar), false, 'the current ID token ends the session');
  });
});

describe('SMS-pumping number types get no SMS', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ limits: { starts_per_ip_per_hour: 1000 } });
  });
  after(() => s.close());

  for (const [phone, kind] of [
    ['+447012345678', 'UK 070 personal number'],
    ['+447623456789', 'UK 076 pager'],
    ['+445612345678', 'UK 056 VoIP'],
  ]) {
    it(`refuses ${phone} (${kind}) with 400 bad.phone_number and sends nothing`, async () => {
      const res = await startSms(s, phone!);
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'bad.phone_number');
      assert.equal((await s.outbox()).filter((m) => m.to === phone).length, 0);
    });
  }

  it('sends to them with sms.allow_premium_numbers: true', async () => {
    const open = await startServer({ sms: { provider: 'outbox', allow_premium_numbers: true } });
    try {
      for (const phone of ['+447012345678', '+447623456789', '+445612345678']) {
        assert.equal((await startSms(open, phone)).status, 200);
      }
    } finally {
      await open.close();
    }
  });
});

describe('on an http issuer, a planted browser cookie is replaced', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ limits: { starts_per_ip_per_hour: 1000 } });
  });
  after(() => s.close());

  it('a value the client chose gets a fresh one, and the sign-in completes with it', async () => {
    const planted = 'A'.repeat(43);
    const jar = new Jar();
    jar.cookies.set('pwl_browser', planted);
    const page = await open(jar, authorizeUrl(s));
    assert.equal(page.status, 200);
    const issued = jar.cookies.get('pwl_browser');
    assert.ok(issued && issued !== planted, 'the planted value is replaced');
    // The issued value comes back and is kept; the sign-in completes in this browser.
    const again = await get(authorizeUrl(s), jar.header());
    assert.equal(
      again.headers.getSetCookie().some((c) => c.startsWith('pwl_browser=')),
      false,
      'a value this server issued is kept',
    );
    await hostedSignIn(s, jar, 'planted@example.com');
  });

  it('a planted value does not complete a sign-in started in the planting browser', async () => {
    const planted = 'B'.repeat(43);
    const attacker = new Jar();
    attacker.cookies.set('pwl_browser', planted);
    const page = await open(attacker, authorizeUrl(s));
    const tx = transactionOf(page.body);
    // The victim's browser carries the planted value (set by another page of the host).
    const victim = { cookie: `pwl_browser=${planted}`, origin: s.url };
    assert.equal((await startEmail(s, 'planted2@example.com', {}, { origin: s.url })).status, 200);
    const done = await post(
      `${s.url}/authorize/complete`,
      {
        transaction: tx.id,
        connection: 'email',
        username: 'planted2@example.com',
        otp: await s.lastCode('planted2@example.com'),
      },
      victim,
    );
    assert.notEqual(done.status, 200, JSON.stringify(done.body));
  });
});

/**
 * Writes `payload` on a fresh socket and never finishes the request: resolves with what the server
 * wrote once it closed the connection.
 */
function stalledRequest(url: string, payload: string): Promise<{ status: number; body: string }> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      resolve({ status: Number(text.split(' ')[1]), body: end < 0 ? '' : text.slice(end + 4) });
    });
    socket.write(payload);
  });
}

describe('a slow request gets 408 in the error shape and its connection closes', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ request_timeout_ms: 500 });
  });
  after(() => s.close());

  it('a body slower than request_timeout_ms', async () => {
    const res = await stalledRequest(
      s.url,
      'POST /passwordless/start HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"cl',
    );
    assert.equal(res.status, 408);
    assert.ok(isErrorShape('application/json', res.body), res.body);
  });

  it('headers slower than request_timeout_ms', async () => {
    const res = await stalledRequest(s.url, 'POST /passwordless/start HTTP/1.1\r\nHost: x\r\nContent-Ty');
    assert.equal(res.status, 408);
    assert.ok(isErrorShape('application/json', res.body), res.body);
  });

  it('defaults to 30 seconds', async () => {
    const d = await startServer();
    try {
      assert.equal(d.app.server.requestTimeout, 30_000);
      assert.equal(d.app.server.headersTimeout, 30_000);
    } finally {
      await d.close();
    }
  });
});

describe("Node's own answers use the error shape", () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('a request without Host: 400', async () => {
    const res = await rawRequest(s.url, 'GET /.well-known/openid-configuration HTTP/1.1\r\nConnection: close\r\n\r\n');
    assert.equal(res.status, 400);
    assert.ok(isErrorShape(res.headers['content-type'], res.body), res.body);
  });

  it('Expect: 200-ok: 417', async () => {
    const res = await rawRequest(s.url, 'GET /health HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n');
    assert.equal(res.status, 417);
    assert.ok(isErrorShape(res.headers['content-type'], res.body), res.body);
  });

  it('HTTP/1.0 without Host is still served', async () => {
    const res = await rawRequest(s.url, 'GET /health HTTP/1.0\r\n\r\n');
    assert.equal(res.status, 200);
  });
});

describe('an undelivered message does not count toward the resend interval', () => {
  it('after an SMTP timeout the same recipient retries at once and gets a code that signs in', async () => {
    let fail = true;
    const sent: string[] = [];
    // Times out like an SMTP relay that does not answer: the abort comes from the server's timeout.
    const flaky: DeliveryProvider = {
      name: 'flaky-smtp',
      send(m, signal) {
        if (!fail) {
          sent.push(m.code);
          return Promise.resolve();
        }
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('SMTP timeout'))));
      },
    };
    const s = await startServer({ email: { provider: 'outbox', timeout_ms: 200 } }, { delivery: { email: flaky } });
    try {
      const first = await startEmail(s, 'retry@example.com');
      assert.equal(first.status, 400);
      assert.equal(first.body.error, 'email_provider_error');
      fail = false;
      const retry = await startEmail(s, 'retry@example.com');
      assert.equal(retry.status, 200, JSON.stringify(retry.body));
      assert.equal((await otpLogin(s, 'retry@example.com', sent[0]!)).status, 200);
      // A delivered message counts: the next start within the interval waits.
      assert.equal((await startEmail(s, 'retry@example.com')).status, 429);
    } finally {
      await s.close();
    }
  });
});

describe('every spelling of one client address is one per-IP counter', () => {
  const startVia = (s: TestServer, email: string, xff: string) => startEmail(s, email, {}, { 'x-forwarded-for': xff });
  const statuses = async (s: TestServer, hops: string[]) => {
    const out: number[] = [];
    for (const [i, hop] of hops.entries())
      out.push((await startVia(s, `a${i}-${Math.random()}@example.com`, hop)).status);
    return out;
  };

  it('IPv4: mapped (any case), with a port, zero-padded, bracketed: one limit of 3', async () => {
    const s = await startServer({ trust_proxy: true, limits: { starts_per_ip_per_hour: 3 } });
    try {
      const spellings = [
        '203.0.113.7',
        '::ffff:203.0.113.7',
        '::FFFF:203.0.113.7',
        '203.0.113.7:4444',
        '203.000.113.007',
        '[::ffff:203.0.113.7]:80',
        '0:0:0:0:0:ffff:cb00:7107',
      ];
      assert.deepEqual(await statuses(s, spellings), [200, 200, 200, 429, 429, 429, 429]);
      assert.equal((await startVia(s, 'other@example.com', '198.51.100.2')).status, 200, 'another client');
    } finally {
      await s.close();
    }
  });

  it('IPv6: case, expansion, brackets, ports, zones and the addresses of one /64 share one limit', async () => {
    const s = await startServer({ trust_proxy: true, limits: { starts_per_ip_per_hour: 3 } });
    try {
      const oneHome = [
        '2001:db8:1:2::1',
        '2001:DB8:1:2::1',
        '2001:0db8:0001:0002:0000:0000:0000:0002',
        '[2001:db8:1:2::3]:443',
        '2001:db8:1:2::4%eth0',
        '2001:db8:1:2:ffff:ffff:ffff:ffff',
      ];
      assert.deepEqual(await statuses(s, oneHome), [200, 200, 200, 429, 429, 429]);
      assert.equal((await startVia(s, 'next@example.com', '2001:db8:1:3::1')).status, 200, 'the next /64');
    } finally {
      await s.close();
    }
  });

  it('ipv6_prefix_length sets the network: at 128 each address is its own client', async () => {
    const s = await startServer({ trust_proxy: true, ipv6_prefix_length: 128, limits: { starts_per_ip_per_hour: 1 } });
    try {
      const six = ['2001:db8::1', '2001:db8::2', '2001:db8::3', '2001:db8::4', '2001:db8::5', '2001:db8::6'];
      assert.deepEqual(await statuses(s, six), [200, 200, 200, 200, 200, 200]);
      assert.equal((await startVia(s, 'again@example.com', '2001:DB8::0001')).status, 429);
    } finally {
      await s.close();
    }
  });

  it('a forwarded hop that is not an address is treated as absent, and logged', async () => {
    const s = await startServer({ trust_proxy: true, limits: { starts_per_ip_per_hour: 2 } });
    try {
      // Each garbage value would have been a counter of its own; now they count on the proxy.
      const garbage = ['not-an-ip', '1.2.3.4.5', '999.1.1.1', '::ffff:1.2.3'];
      assert.deepEqual(await statuses(s, garbage), [200, 200, 429, 429]);
      assert.ok(s.logs.some((l) => l.includes('is not an address') && l.includes('not-an-ip')));
    } finally {
      await s.close();
    }
  });

  it('canonical forms and keys', () => {
    assert.equal(canonicalAddress('::FFFF:1.2.3.4'), '1.2.3.4');
    assert.equal(canonicalAddress('203.0.113.7'), '203.0.113.7');
    assert.equal(canonicalAddress('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(canonicalAddress('::ffff:203.000.113.007'), '203.0.113.7');
    assert.equal(canonicalAddress('1.2.3.04'), '1.2.3.4');
    assert.equal(canonicalAddress(' 1.2.3.4 '), '1.2.3.4');
    assert.equal(canonicalAddress('256.1.1.1'), null);
    assert.equal(canonicalAddress('001.002.003.004:80'), '1.2.3.4');
    assert.equal(canonicalAddress('[2001:DB8::0:1]'), '2001:db8::1');
    assert.equal(canonicalAddress('fe80::1%25eth0'), 'fe80::1');
    assert.equal(canonicalAddress('1.2.3.4, 5.6.7.8'), null);
    assert.equal(addressKey('2001:db8:1:2:3:4:5:6', 64), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:db8:1:2:3:4:5:6', 48), '2001:db8:1::/48');
    assert.equal(addressKey('1.2.3.4', 64), '1.2.3.4');
  });
});

describe('strangers cannot lock an owner out, slowly or at all', () => {
  const STRANGER = { 'x-forwarded-for': '198.51.100.66' };
  const VICTIM = { 'x-forwarded-for': '203.0.113.10' };
  const token = (s: TestServer, email: string, otp: string, headers: Record<string, string>) =>
    post(
      `${s.url}/oauth/token`,
      {
        grant_type: 'http://auth0.com/oauth/grant-type/passwordless/otp',
        client_id: 'demo',
        username: email,
        otp,
        realm: 'email',
      },
      headers,
    );

  const ATTACK_CONFIG = {
    trust_proxy: true,
    limits: { starts_per_ip_per_hour: 100000, token_failures_per_ip_per_hour: 100000 },
  };

  /** A stranger starts sign-ins for the victim and sends wrong codes until it is locked out. */
  async function probeAttack(s: TestServer) {
    const email = 'victim@example.com';
    let locked = false;
    let wrongTries = 0;
    for (let round = 0; round < 60 && !locked; round++) {
      const start = await startEmail(s, email, {}, STRANGER);
      assert.equal(start.status, 200, JSON.stringify(start.body));
      const code = await s.lastCode(email);
      for (let i = 0; i < 3 && !locked; i++) {
        const res = await token(s, email, wrongCode(code), STRANGER);
        wrongTries++;
        if (res.status === 429 && res.body.error === 'too_many_attempts' && res.headers.get('retry-after')) {
          locked = true;
        }
      }
      // Within the resend limits (1 per 60 s, 5 per 10 minutes).
      s.clock.advance(121);
    }
    assert.ok(locked, 'the stranger reached the lock');
    assert.equal(wrongTries, 100, 'the lock came after max_consecutive_failures');
    // The stranger itself is locked out: no start, no try.
    assert.equal((await startEmail(s, email, {}, STRANGER)).status, 429);
    // The victim, from another address and browser, gets a fresh code and signs in.
    const fresh = await startEmail(s, email, {}, VICTIM);
    assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
    const ok = await token(s, email, await s.lastCode(email), VICTIM);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    // The stranger's lock ends; the day's budget is spent, so its next wrong code locks it for
    // the rest of the day, and the victim still signs in.
    s.clock.advance(901);
    assert.equal((await startEmail(s, email, {}, STRANGER)).status, 200);
    const again = await token(s, email, wrongCode(await s.lastCode(email)), STRANGER);
    assert.equal(again.status, 429);
    assert.ok(Number(again.headers.get('retry-after')) > 3600, 'locked until the day ends');
    s.clock.advance(121);
    assert.equal((await startEmail(s, email, {}, VICTIM)).status, 200);
    assert.equal((await token(s, email, await s.lastCode(email), VICTIM)).status, 200);
  }

  it("the probe's attack: starts for the victim and wrong codes until the lock; the victim still signs in", async () => {
    // The defaults, but for the per-IP limits, which would only slow the one-address stranger down.
    const s = await startServer(ATTACK_CONFIG);
    try {
      await probeAttack(s);
    } finally {
      await s.close();
    }
  });

  it("the probe's attack on the Redis store", { skip: skipWithoutRedis }, async () => {
    const redis = await startRedis();
    const store = new RedisStore(redis.url, { prefix: 'lockout:' });
    try {
      const s = await startServer(ATTACK_CONFIG, { store });
      try {
        await probeAttack(s);
      } finally {
        await s.close();
      }
    } finally {
      await store.close();
      redis.stop();
    }
  });

  /**
   * Holds the answers of signInWithOtp while `hold` is set, until `hold` calls were made: the
   * requests then run their store steps before any of them goes on, as truly concurrent requests
   * may (whatever the machine's speed).
   */
  function gated(store: Store): { store: Store; hold(n: number): void } {
    let waiting: (() => void)[] = [];
    let holding = 0;
    const proxy = new Proxy(store, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (prop !== 'signInWithOtp' || typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const result: unknown = await (value as (...a: unknown[]) => unknown).apply(target, args);
          if (holding === 0) return result;
          await new Promise<void>((resolve) => {
            waiting.push(resolve);
            if (waiting.length === holding) {
              holding = 0;
              for (const go of waiting) go();
              waiting = [];
            }
          });
          return result;
        };
      },
    });
    return { store: proxy, hold: (n) => (holding = n) };
  }

  /** Past the budget, a stranger's network sends three wrong codes at once against the owner's code. */
  async function parallelTries(s: TestServer, hold: (n: number) => void) {
    const email = 'parallel@example.com';
    const net = (i: number) => ({ 'x-forwarded-for': `192.0.2.${i}` });
    assert.equal((await startEmail(s, email, {}, net(1))).status, 200);
    assert.equal((await token(s, email, wrongCode(await s.lastCode(email)), net(1))).status, 403, 'the budget');
    s.clock.advance(121);
    assert.equal((await startEmail(s, email, {}, net(2))).status, 200);
    const code = await s.lastCode(email);
    hold(3);
    const tries = await Promise.all([1, 2, 3].map(() => token(s, email, wrongCode(code), net(3))));
    assert.deepEqual(
      tries.map((t) => t.status),
      [429, 429, 429],
    );
    // Only one of them was checked (the lock is counted in the same store step as the check), so
    // the code has two tries left and the owner's right code signs in.
    assert.equal((await token(s, email, code, net(2))).status, 200);
  }
  const PARALLEL_CONFIG = {
    trust_proxy: true,
    limits: {
      guesses_per_identifier_per_day: 1,
      starts_per_ip_per_hour: 100000,
      token_failures_per_ip_per_hour: 100000,
    },
  };

  it("past the budget, parallel wrong codes from one network use one try: the owner's code still works", async () => {
    const sqlite = new SqliteStore(':memory:');
    const { store, hold } = gated(sqlite);
    const s = await startServer(PARALLEL_CONFIG, { store });
    try {
      await parallelTries(s, hold);
    } finally {
      await s.close();
      sqlite.close();
    }
  });

  it('the same on the Redis store', { skip: skipWithoutRedis }, async () => {
    const redis = await startRedis();
    const redisStore = new RedisStore(redis.url, { prefix: 'parallel:' });
    const { store, hold } = gated(redisStore);
    try {
      const s = await startServer(PARALLEL_CONFIG, { store });
      try {
        await parallelTries(s, hold);
      } finally {
        await s.close();
      }
    } finally {
      await redisStore.close();
      redis.stop();
    }
  });

  it('past the daily budget each further network gets one wrong code; the owner still signs in', async () => {
    const s = await startServer({
      trust_proxy: true,
      limits: {
        guesses_per_identifier_per_day: 4,
        starts_per_ip_per_hour: 100000,
        token_failures_per_ip_per_hour: 100000,
      },
    });
    try {
      const email = 'budget@example.com';
      const net = (i: number) => ({ 'x-forwarded-for': `192.0.2.${i}` });
      const tries: number[] = [];
      const guess = async (i: number) => {
        const code = await s.lastCode(email);
        tries.push((await token(s, email, wrongCode(code), net(i))).status);
      };
      // Four guesses within the budget, from two networks, each against a fresh code.
      for (const i of [1, 1, 2, 2]) {
        assert.equal((await startEmail(s, email, {}, net(i))).status, 200);
        await guess(i);
        s.clock.advance(121);
      }
      assert.deepEqual(tries, [403, 403, 403, 403]);
      // The budget is spent: networks 3 to 6 each get one wrong code, then are refused for the day.
      for (const i of [3, 4, 5, 6]) {
        assert.equal((await startEmail(s, email, {}, net(i))).status, 200);
        await guess(i);
        await guess(i);
        s.clock.advance(121);
      }
      assert.deepEqual(tries.slice(4), [429, 429, 429, 429, 429, 429, 429, 429]);
      s.clock.advance(3600);
      assert.equal((await startEmail(s, email, {}, net(3))).status, 429, 'still refused an hour later');
      // The owner, on a network that did not fail, signs in.
      assert.equal((await startEmail(s, email, {}, net(7))).status, 200);
      assert.equal((await token(s, email, await s.lastCode(email), net(7))).status, 200);
      // A day later the networks may try again.
      s.clock.advance(86_400);
      assert.equal((await startEmail(s, email, {}, net(3))).status, 200);
    } finally {
      await s.close();
    }
  });
});
