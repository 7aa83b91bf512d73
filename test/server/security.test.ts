/**
 * The holes an outside probe found, one describe per hole. Each test failed before its
 * fix. The Redis outage has its own file (redis-outage.test.ts), the fuzz suite too (fuzz.test.ts).
 */
import assert from 'node:assert/strict';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { after, before, describe, it } from 'node:test';
import { SqliteStore } from '../../src/server/store/sqlite.js';
import type { Store } from '../../src/server/store/types.js';
import {
  baseConfig,
  get,
  isErrorShape,
  REDIRECT,
  otpLogin,
  rawRequest,
  startEmail,
  startServer,
  startSms,
  wrongCode,
  type TestServer,
} from './helpers.js';

describe('header-derived keys never reach Object.prototype', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ limits: { starts_per_ip_per_hour: 100000 } });
  });
  after(() => s.close());

  const poisons = ['constructor', '__proto__', 'constructor-xx', 'toString', 'hasOwnProperty;q=0.9, en;q=0.1'];
  for (const header of ['accept-language', 'x-request-language']) {
    for (const value of poisons) {
      it(`${header}: ${value} gets the English message and a working code`, async () => {
        const email = `poison${Math.random().toString(36).slice(2)}@example.com`;
        const res = await startEmail(s, email, {}, { [header]: value });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const [m] = (await s.outbox()).filter((x) => x.to === email);
        assert.equal(m!.locale, 'en');
        const login = await otpLogin(s, email, m!.code);
        assert.equal(login.status, 200);
      });
    }
  }

  it('four poisoned starts in a row still leave the victim a working code in the mailbox', async () => {
    const email = 'victim1@example.com';
    assert.equal((await startEmail(s, email)).status, 200);
    for (let i = 0; i < 4; i++) {
      s.clock.advance(61);
      const res = await startEmail(s, email, {}, { 'accept-language': 'constructor' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    const login = await otpLogin(s, email, await s.lastCode(email));
    assert.equal(login.status, 200, 'the newest code works');
  });
});

describe('one canonical email is the user, the limits, the recipient and the claim', () => {
  let s: TestServer;
  let jwks: ReturnType<typeof createLocalJWKSet>;
  before(async () => {
    s = await startServer({ limits: { starts_per_ip_per_hour: 100000 } });
    jwks = createLocalJWKSet((await get<JSONWebKeySet>(`${s.url}/.well-known/jwks.json`)).body);
  });
  after(() => s.close());

  const refused = [
    'x<v@example.com>',
    '<v@example.com>',
    'v@example.com>',
    'v@example.com(c)',
    '"v"@example.com',
    'v@[127.0.0.1]',
    'v@127.0.0.1',
    'victim(at)example.com<attacker@evil.com>',
    'v w@example.com',
    'v@example.com,w@example.com',
  ];
  for (const email of refused) {
    it(`refuses ${email} with 400 bad.email`, async () => {
      const res = await startEmail(s, email);
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'bad.email');
      assert.equal((await s.outbox()).length, 0, 'nothing was sent');
    });
  }

  it('V@Example.com and v@ｅxample.com are v@example.com: one recipient, one resend limit, one sub', async () => {
    const first = await startEmail(s, 'V@Example.com');
    assert.equal(first.status, 200);
    assert.equal(first.body.email, 'v@example.com');
    const [m] = await s.outbox();
    assert.equal(m!.to, 'v@example.com');
    // The fullwidth form is the same recipient, so the 60 s resend limit applies to it.
    const again = await startEmail(s, 'v@ｅxample.com');
    assert.equal(again.status, 429);
    const login = await otpLogin(s, 'v@ｅxample.com', m!.code, { scope: 'openid email' });
    assert.equal(login.status, 200);
    const { payload } = await jwtVerify(login.body.id_token, jwks);
    assert.equal(payload.email, 'v@example.com');
    s.clock.advance(61);
    await startEmail(s, 'v@EXAMPLE.COM');
    const second = await otpLogin(s, 'V@example.com', await s.lastCode('v@example.com'), { scope: 'openid email' });
    assert.equal(decodeJwt(second.body.id_token).sub, payload.sub);
  });

  it('an IDN domain becomes its ASCII form', async () => {
    const res = await startEmail(s, 'Jörg@Bücher.example');
    assert.equal(res.status, 200);
    assert.equal(res.body.email, 'jörg@xn--bcher-kva.example');
  });
});

describe('every answer the server writes is {error, error_description}', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  const cases: [string, string | Buffer, number][] = [
    ['GET /% (bad URL)', 'GET /% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400],
    ['GET /passwordless/%zz', 'GET /passwordless/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400],
    ['a header over 16 KB', `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17_000)}\r\n\r\n`, 431],
    ['a URL over 16 KB', `GET /health?q=${'a'.repeat(17_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431],
    ['garbage instead of a request line', 'HELLO THERE\r\n\r\n', 400],
    ['an invalid header line', 'GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', 400],
    [
      'a bad chunked body',
      'POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      400,
    ],
    [
      'Content-Length and Transfer-Encoding together',
      'POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      400,
    ],
  ];
  for (const [name, payload, status] of cases) {
    it(`${name}: ${status} in the documented shape`, async () => {
      const res = await rawRequest(s.url, payload);
      assert.equal(res.status, status, res.body);
      assert.ok(isErrorShape(res.headers['content-type'], res.body), `${res.headers['content-type']} ${res.body}`);
    });
  }

  it('a wrong code still answers the same invalid_grant (shape unchanged)', async () => {
    await startEmail(s, 'shape@example.com');
    const res = await otpLogin(s, 'shape@example.com', wrongCode(await s.lastCode('shape@example.com')));
    assert.equal(res.status, 403);
    assert.ok(isErrorShape(res.headers.get('content-type'), res.body));
  });
});

describe('strangers cannot lock an identifier; /oauth/token has a per-IP failure limit', () => {
  it('100 wrong codes for an address without a live code lock nothing: its owner still signs in', async () => {
    const s = await startServer({
      limits: { max_consecutive_failures: 5, token_failures_per_ip_per_hour: 100000, starts_per_ip_per_hour: 100000 },
    });
    try {
      const email = 'target@example.com';
      for (let i = 0; i < 100; i++) {
        const res = await otpLogin(s, email, String(100000 + i));
        assert.equal(res.status, 403, JSON.stringify(res.body));
      }
      assert.equal((await startEmail(s, email)).status, 200, 'starts are not locked');
      assert.equal((await otpLogin(s, email, await s.lastCode(email))).status, 200, 'the owner signs in');
    } finally {
      await s.close();
    }
  });

  it('wrong codes against a live code still lock the identifier after max_consecutive_failures', async () => {
    const s = await startServer({
      limits: { max_consecutive_failures: 4, token_failures_per_ip_per_hour: 100000, starts_per_ip_per_hour: 100000 },
    });
    try {
      const email = 'guessed@example.com';
      const statuses: number[] = [];
      for (let round = 0; round < 2; round++) {
        await startEmail(s, email);
        const code = await s.lastCode(email);
        for (let i = 0; i < 2; i++) statuses.push((await otpLogin(s, email, wrongCode(code))).status);
        s.clock.advance(61);
      }
      assert.deepEqual(statuses, [403, 403, 403, 429]);
      const res = await startEmail(s, email);
      assert.equal(res.status, 429, 'locked identifiers cannot start either');
    } finally {
      await s.close();
    }
  });

  it('answers 429 with Retry-After once one IP has failed token_failures_per_ip_per_hour times', async () => {
    const s = await startServer({ limits: { token_failures_per_ip_per_hour: 5, starts_per_ip_per_hour: 100000 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await otpLogin(s, `ip${i}@example.com`, '000000')).status);
      assert.deepEqual(statuses, [403, 403, 403, 403, 403, 429, 429]);
      // Even a right code waits: the limit is checked before any verification.
      await startEmail(s, 'legit@example.com');
      const blocked = await otpLogin(s, 'legit@example.com', await s.lastCode('legit@example.com'));
      assert.equal(blocked.status, 429);
      assert.equal(blocked.body.error, 'too_many_requests');
      assert.ok(Number(blocked.headers.get('retry-after')) > 0);
      s.clock.advance(3601);
      await startEmail(s, 'legit@example.com');
      const ok = await otpLogin(s, 'legit@example.com', await s.lastCode('legit@example.com'));
      assert.equal(ok.status, 200, 'the hour frees the IP');
    } finally {
      await s.close();
    }
  });
});

describe('trust_proxy counts hops from the right', () => {
  const startVia = (s: TestServer, email: string, xff: string) => startEmail(s, email, {}, { 'x-forwarded-for': xff });

  it('true is one trusted hop: rotating the client-written left part does not dodge the per-IP limit', async () => {
    const s = await startServer({ trust_proxy: true, limits: { starts_per_ip_per_hour: 3 } });
    try {
      const statuses: number[] = [];
      // One appending proxy: "<whatever the client sent>, <the client's real address>".
      for (let i = 0; i < 6; i++)
        statuses.push((await startVia(s, `r${i}@example.com`, `10.9.9.${i}, 203.0.113.7`)).status);
      assert.deepEqual(statuses, [200, 200, 200, 429, 429, 429]);
      // Another real client behind the same proxy has its own budget.
      assert.equal((await startVia(s, 'other@example.com', '10.9.9.1, 198.51.100.2')).status, 200);
    } finally {
      await s.close();
    }
  });

  it('a number is that many hops', async () => {
    const s = await startServer({ trust_proxy: 2, limits: { starts_per_ip_per_hour: 2 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await startVia(s, `h${i}@example.com`, `10.0.0.${i}, 203.0.113.8, 10.1.1.1`)).status);
      }
      assert.deepEqual(statuses, [200, 200, 429, 429]);
    } finally {
      await s.close();
    }
  });

  it('a list names the proxies: entries they wrote are believed, others are not', async () => {
    const s = await startServer({ trust_proxy: ['127.0.0.1', '10.0.0.0/8'], limits: { starts_per_ip_per_hour: 2 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await startVia(s, `l${i}@example.com`, `198.51.100.${i}, 203.0.113.9, 10.2.3.4`)).status);
      }
      assert.deepEqual(statuses, [200, 200, 429, 429]);
    } finally {
      await s.close();
    }
  });

  it('refuses other values in the config', () => {
    assert.throws(() => baseConfig({ trust_proxy: 'yes' }), /config\.trust_proxy: must be true, false/);
    assert.throws(() => baseConfig({ trust_proxy: ['10.0.0.0/99'] }), /CIDR/);
  });
});

describe('known and unknown recipients cost the same store work', () => {
  /** Records every store call by name, with which arguments were null. */
  function spy(store: Store, calls: string[]): Store {
    return new Proxy(store, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const shape = args.map((a) =>
            a && typeof a === 'object' && !Array.isArray(a)
              ? Object.entries(a)
                  .map(([k, v]) => `${k}=${v === null ? 'null' : typeof v}`)
                  .join(',')
              : typeof a,
          );
          calls.push(`${String(prop)}(${shape.join(';')})`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  it('disable_signup: a link start for a known and an unknown address makes the same store calls', async () => {
    const calls: string[] = [];
    const store = new SqliteStore(':memory:');
    const s = await startServer(
      { email: { provider: 'outbox', disable_signup: true }, limits: { starts_per_ip_per_hour: 100000 } },
      { store: spy(store, calls) },
    );
    try {
      store.loginUser('email', 'known@example.com', s.clock.now(), true);
      const link = (email: string) =>
        startEmail(s, email, {
          send: 'link',
          authParams: { redirect_uri: REDIRECT, code_challenge: 'a'.repeat(43), code_challenge_method: 'S256' },
        });
      // A first start fills the branding and template cache (read-cache.ts), so both starts
      // measured below find it warm.
      await link('first@example.com');
      calls.length = 0;
      const known = await link('known@example.com');
      const knownCalls = calls.splice(0);
      const unknown = await link('unknown@example.com');
      assert.deepEqual(calls, knownCalls);
      assert.deepEqual(Object.keys(known.body), Object.keys(unknown.body));
      assert.equal(known.status, unknown.status);
    } finally {
      await s.app.close();
      store.close();
    }
  });

  it('a wrong code with a live code and a code for an address without one make the same store calls', async () => {
    const calls: string[] = [];
    const store = new SqliteStore(':memory:');
    const s = await startServer({ limits: { starts_per_ip_per_hour: 100000 } }, { store: spy(store, calls) });
    try {
      await startEmail(s, 'live@example.com');
      const code = await s.lastCode('live@example.com');
      calls.length = 0;
      const withCode = await otpLogin(s, 'live@example.com', wrongCode(code));
      const withCodeCalls = calls.splice(0);
      const without = await otpLogin(s, 'nobody@example.com', wrongCode(code));
      assert.deepEqual(calls, withCodeCalls);
      assert.equal(withCode.status, without.status);
      assert.deepEqual(withCode.body, without.body, 'byte-identical answers');
    } finally {
      await s.app.close();
      store.close();
    }
  });
});

describe('premium-rate, shared-cost and satellite numbers get no SMS', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ limits: { starts_per_ip_per_hour: 100000 } });
  });
  after(() => s.close());

  for (const phone of ['+19002345678', '+449098765432', '+33899123456', '+881612345678']) {
    it(`refuses ${phone} with 400 bad.phone_number and sends nothing`, async () => {
      const res = await startSms(s, phone);
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'bad.phone_number');
      assert.match(res.body.error_description, /Premium-rate, shared-cost and satellite/);
      assert.equal((await s.outbox()).filter((m) => m.to === phone).length, 0);
    });
  }

  it('still sends to ordinary mobile numbers', async () => {
    assert.equal((await startSms(s, '+447400123456')).status, 200);
  });

  it('sends to them with sms.allow_premium_numbers: true, and the code signs in', async () => {
    const open = await startServer({ sms: { provider: 'outbox', allow_premium_numbers: true } });
    try {
      assert.equal((await startSms(open, '+19002345678')).status, 200);
      const login = await otpLogin(open, '+19002345678', await open.lastCode('+19002345678'));
      assert.equal(login.status, 200);
    } finally {
      await open.close();
    }
  });
});

describe('only configured audiences, their scopes, and claims by scope', () => {
  let s: TestServer;
  let jwks: ReturnType<typeof createLocalJWKSet>;
  const API = 'https://orders.example.com';
  before(async () => {
    s = await startServer({
      limits: { starts_per_ip_per_hour: 100000 },
      apis: [{ audience: API, scopes: ['read:orders', 'write:orders'] }],
    });
    jwks = createLocalJWKSet((await get<JSONWebKeySet>(`${s.url}/.well-known/jwks.json`)).body);
  });
  after(() => s.close());

  const login = async (email: string, extra: Record<string, unknown>) => {
    await startEmail(s, email);
    return otpLogin(s, email, await s.lastCode(email), extra);
  };

  it('an unknown audience gets 403 access_denied "Service not found: X"', async () => {
    const res = await login('aud1@example.com', { audience: 'https://bank-api.example', scope: 'openid admin:all' });
    assert.equal(res.status, 403);
    assert.deepEqual(res.body, {
      error: 'access_denied',
      error_description: 'Service not found: https://bank-api.example',
    });
  });

  it("drops scopes outside OIDC's and the audience's own, and echoes the granted scope", async () => {
    const res = await login('aud2@example.com', { audience: API, scope: 'openid email read:orders admin:all' });
    assert.equal(res.status, 200);
    assert.equal(res.body.scope, 'openid email read:orders');
    const { payload } = await jwtVerify(res.body.access_token, jwks, { audience: API });
    assert.equal(payload.scope, 'openid email read:orders');
    const noApi = await login('aud3@example.com', { scope: 'openid read:orders admin:all' });
    assert.equal(noApi.body.scope, 'openid', "an API's scopes need its audience");
  });

  it('/userinfo accepts only access tokens whose audience includes it', async () => {
    const mine = await login('aud4@example.com', { audience: API, scope: 'openid email' });
    const ok = await get(`${s.url}/userinfo`, { authorization: `Bearer ${mine.body.access_token}` });
    assert.equal(ok.status, 200, 'a token for an API also names /userinfo');
    // A token of this issuer and key but for another audience only: forged here with the same key.
    const { SignJWT } = await import('jose');
    const ctx = s.app.passwordless;
    const other = await new SignJWT({ scope: 'openid email', gid: 'g', client_id: 'demo' })
      .setProtectedHeader({ alg: 'ES256', kid: ctx.key.kid, typ: 'at+jwt' })
      .setIssuer(s.url)
      .setSubject(decodeJwt(mine.body.access_token).sub!)
      .setAudience(API)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(ctx.key.privateKey);
    const refused = await get(`${s.url}/userinfo`, { authorization: `Bearer ${other}` });
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error, 'invalid_token');
  });

  it('releases email claims only with the email scope, in the ID token and at /userinfo', async () => {
    const bare = await login('aud5@example.com', { scope: 'openid' });
    assert.equal(decodeJwt(bare.body.id_token).email, undefined);
    const info = await get(`${s.url}/userinfo`, { authorization: `Bearer ${bare.body.access_token}` });
    assert.deepEqual(Object.keys(info.body), ['sub']);
    const withEmail = await login('aud6@example.com', { scope: 'openid email' });
    assert.equal(decodeJwt(withEmail.body.id_token).email, 'aud6@example.com');
    assert.equal(decodeJwt(withEmail.body.id_token).email_verified, true);
  });

  it('releases phone claims only with the phone scope', async () => {
    await startSms(s, '+447400123499');
    const code = await s.lastCode('+447400123499');
    const bare = await otpLogin(s, '+447400123499', code, { scope: 'openid email' });
    assert.equal(decodeJwt(bare.body.id_token).phone_number, undefined);
    s.clock.advance(61);
    await startSms(s, '+447400123499');
    const withPhone = await otpLogin(s, '+447400123499', await s.lastCode('+447400123499'), { scope: 'openid phone' });
    assert.equal(decodeJwt(withPhone.body.id_token).phone_number, '+447400123499');
    assert.equal(decodeJwt(withPhone.body.id_token).phone_number_verified, true);
  });
});

describe('also: /userinfo bearer scheme, /dev/outbox loopback only', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('accepts the bearer scheme in any case (RFC 6750; openid-client sends "bearer")', async () => {
    await startEmail(s, 'case@example.com');
    const t = await otpLogin(s, 'case@example.com', await s.lastCode('case@example.com'), { scope: 'openid email' });
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const res = await get(`${s.url}/userinfo`, { authorization: `${scheme} ${t.body.access_token}` });
      assert.equal(res.status, 200, scheme);
    }
  });

  it('/dev/outbox answers loopback clients only, whatever X-Forwarded-For says', async () => {
    const remote = await s.app.inject({ method: 'GET', url: '/dev/outbox', remoteAddress: '192.0.2.10' });
    assert.equal(remote.statusCode, 403);
    assert.equal(remote.json().error, 'access_denied');
    const cleared = await s.app.inject({ method: 'DELETE', url: '/dev/outbox', remoteAddress: '192.0.2.10' });
    assert.equal(cleared.statusCode, 403);
    const spoofed = await s.app.inject({
      method: 'GET',
      url: '/dev/outbox',
      remoteAddress: '192.0.2.10',
      headers: { 'x-forwarded-for': '127.0.0.1' },
    });
    assert.equal(spoofed.statusCode, 403);
    assert.equal((await get(`${s.url}/dev/outbox`)).status, 200, 'loopback still reads it');
  });

  it('dev_outbox: "any" opens it to every client', async () => {
    const open = await startServer({ dev_outbox: 'any' });
    try {
      const res = await open.app.inject({ method: 'GET', url: '/dev/outbox', remoteAddress: '192.0.2.10' });
      assert.equal(res.statusCode, 200);
    } finally {
      await open.close();
    }
  });
});
