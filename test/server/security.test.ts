/**
 * Issue 8: the holes an outside probe found, one describe per defect. Each test failed before its
 * fix. The Redis outage has its own file (redis-outage.test.ts), the fuzz suite too (fuzz.test.ts).
 */
import assert from 'node:assert/strict';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { after, before, describe, it } from 'node:test';
import {
  get,
  isErrorShape,
  otpLogin,
  rawRequest,
  startEmail,
  startServer,
  wrongCode,
  type TestServer,
} from './helpers.js';

describe('defect 1: header-derived keys never reach Object.prototype', () => {
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

describe('defect 2: one canonical email is the user, the limits, the recipient and the claim', () => {
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

describe('defect 7: every answer the server writes is {error, error_description}', () => {
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
