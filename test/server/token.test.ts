import assert from 'node:assert/strict';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { after, before, describe, it } from 'node:test';
import {
  OTP_GRANT,
  get,
  otpLogin,
  post,
  startEmail,
  startServer,
  startSms,
  wrongCode,
  type TestServer,
} from './helpers.js';

describe('POST /oauth/token (passwordless OTP grant)', () => {
  let s: TestServer;
  let jwks: ReturnType<typeof createLocalJWKSet>;
  let n = 0;
  const fresh = () => `user${n++}@example.com`;
  before(async () => {
    s = await startServer({
      limits: { starts_per_ip_per_hour: 100000, max_consecutive_failures: 100 },
      apis: [{ audience: 'https://api.example.com', scopes: ['read:things'] }],
    });
    jwks = createLocalJWKSet((await get<JSONWebKeySet>(`${s.url}/.well-known/jwks.json`)).body);
  });
  after(() => s.close());

  it('issues an RS256 ID token and an ES256 access token that verify against the served JWKS', async () => {
    const email = fresh();
    await startEmail(s, email);
    const res = await otpLogin(s, email, await s.lastCode(email), {
      scope: 'openid email',
      audience: 'https://api.example.com',
      nonce: 'n-123',
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.expires_in, 3600);
    assert.equal(res.body.scope, 'openid email');
    assert.equal(res.body.refresh_token, undefined, 'no refresh token without offline_access');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const header = decodeProtectedHeader(res.body.id_token);
    assert.equal(header.alg, 'RS256', 'ID tokens are RS256 unless the client asks for ES256');
    assert.ok(header.kid);
    assert.notEqual(header.kid, decodeProtectedHeader(res.body.access_token).kid, 'each key has its kid');
    const { payload: id } = await jwtVerify(res.body.id_token, jwks, {
      algorithms: ['RS256'],
      issuer: s.url,
      audience: 'demo',
    });
    assert.match(id.sub!, /^email\|[0-9a-f]{24}$/);
    assert.equal(id.email, email);
    assert.equal(id.email_verified, true);
    assert.equal(id.nonce, 'n-123');
    assert.equal(id.exp! - id.iat!, 3600);
    const { payload: at } = await jwtVerify(res.body.access_token, jwks, {
      algorithms: ['ES256'],
      issuer: s.url,
      audience: 'https://api.example.com',
    });
    assert.equal(at.sub, id.sub);
    // Pinned algorithms: the same token is refused when only another algorithm is allowed.
    await assert.rejects(jwtVerify(res.body.id_token, jwks, { algorithms: ['ES256'] }));
    await assert.rejects(jwtVerify(res.body.access_token, jwks, { algorithms: ['RS256'] }));
  });

  it('issues an opaque access token without an audience (as Auth0), good at /userinfo only, and revocable', async () => {
    const email = fresh();
    await startEmail(s, email);
    const res = await otpLogin(s, email, await s.lastCode(email), { scope: 'openid email' });
    assert.equal(res.status, 200);
    const at: string = res.body.access_token;
    assert.match(at, /^[A-Za-z0-9_-]{43}$/, 'a random base64url value, not a JWT');
    assert.equal(res.body.expires_in, 3600);
    const info = await get(`${s.url}/userinfo`, { authorization: `Bearer ${at}` });
    assert.equal(info.status, 200);
    assert.equal(info.body.email, email);
    // A value of the same shape that was never issued, and the token with one character changed.
    const flipped = at.slice(0, -1) + (at.endsWith('A') ? 'B' : 'A');
    for (const bad of [flipped, 'x'.repeat(43)]) {
      const refused = await get(`${s.url}/userinfo`, { authorization: `Bearer ${bad}` });
      assert.equal(refused.status, 401);
      assert.equal(refused.body.error, 'invalid_token');
    }
    // Only the HMAC is stored: the store never sees the token itself.
    assert.equal(await s.app.passwordless.store.getAccessToken(at, s.clock.now()), null);
    // RFC 7009 revocation by the client that holds it.
    const revoked = await post(`${s.url}/oauth/revoke`, { token: at, client_id: 'demo' });
    assert.equal(revoked.status, 200);
    assert.equal((await get(`${s.url}/userinfo`, { authorization: `Bearer ${at}` })).status, 401);
    // With an audience, the API gets a JWT it can verify itself.
    s.clock.advance(61);
    await startEmail(s, email);
    const forApi = await otpLogin(s, email, await s.lastCode(email), { audience: 'https://api.example.com' });
    assert.equal(decodeProtectedHeader(forApi.body.access_token).typ, 'at+jwt');
  });

  it('keeps sub stable across logins and gives phone claims for sms', async () => {
    const email = fresh();
    await startEmail(s, email);
    const a = await otpLogin(s, email, await s.lastCode(email));
    s.clock.advance(61);
    await startEmail(s, email);
    const b = await otpLogin(s, email, await s.lastCode(email));
    const sub = async (t: string) => (await jwtVerify(t, jwks, { algorithms: ['RS256'] })).payload.sub;
    assert.equal(await sub(a.body.id_token), await sub(b.body.id_token));
    await startSms(s, '+447400123456');
    const c = await otpLogin(s, '+447400123456', await s.lastCode('+447400123456'), { scope: 'openid phone' });
    const { payload } = await jwtVerify(c.body.id_token, jwks, { algorithms: ['RS256'] });
    assert.match(payload.sub!, /^sms\|/);
    assert.equal(payload.phone_number, '+447400123456');
    assert.equal(payload.phone_number_verified, true);
  });

  it("accepts the form-encoded OTP request of Auth0's docs", async () => {
    const email = fresh();
    await startEmail(s, email);
    const body = new URLSearchParams({
      grant_type: OTP_GRANT,
      client_id: 'demo',
      username: email,
      otp: await s.lastCode(email),
      realm: 'email',
      scope: 'openid profile email',
    });
    const res = await post(`${s.url}/oauth/token`, body.toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    assert.equal(res.status, 200);
    assert.ok(res.body.id_token);
  });

  it("answers a wrong code with Auth0's exact strings", async () => {
    const email = fresh();
    await startEmail(s, email);
    const res = await otpLogin(s, email, wrongCode(await s.lastCode(email)));
    assert.equal(res.status, 403);
    assert.deepEqual(res.body, { error: 'invalid_grant', error_description: 'Wrong email or verification code.' });
    await startSms(s, '+14155550199');
    const sms = await otpLogin(s, '+14155550199', wrongCode(await s.lastCode('+14155550199')));
    assert.deepEqual(sms.body, {
      error: 'invalid_grant',
      error_description: 'Wrong phone number or verification code.',
    });
  });

  it('kills a code after three wrong tries', async () => {
    const email = fresh();
    await startEmail(s, email);
    const code = await s.lastCode(email);
    for (let i = 0; i < 3; i++) assert.equal((await otpLogin(s, email, wrongCode(code))).status, 403);
    const res = await otpLogin(s, email, code);
    assert.equal(res.status, 429);
    assert.equal(res.body.error, 'too_many_attempts');
  });

  it('accepts a code once', async () => {
    const email = fresh();
    await startEmail(s, email);
    const code = await s.lastCode(email);
    assert.equal((await otpLogin(s, email, code)).status, 200);
    assert.equal((await otpLogin(s, email, code)).status, 403);
  });

  it('expires a code after 5 minutes, and says so', async () => {
    const email = fresh();
    await startEmail(s, email);
    const code = await s.lastCode(email);
    s.clock.advance(300);
    const res = await otpLogin(s, email, code);
    assert.equal(res.status, 403);
    assert.equal(res.body.error, 'invalid_grant');
    assert.equal(res.body.error_description, 'The verification code has expired.');
  });

  it('keeps only the newest code valid', async () => {
    const email = fresh();
    await startEmail(s, email);
    const first = await s.lastCode(email);
    s.clock.advance(60);
    await startEmail(s, email);
    const second = await s.lastCode(email);
    if (first !== second) assert.equal((await otpLogin(s, email, first)).status, 403);
    assert.equal((await otpLogin(s, email, second)).status, 200);
  });

  it('gives exactly one success for 20 parallel verifies of one good code', async () => {
    const email = fresh();
    await startEmail(s, email);
    const code = await s.lastCode(email);
    const results = await Promise.all(Array.from({ length: 20 }, () => otpLogin(s, email, code)));
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    assert.ok(results.every((r) => r.status === 200 || r.status === 403));
  });

  it('refuses a code issued for another client', async () => {
    const email = fresh();
    await startEmail(s, email);
    const res = await post(`${s.url}/oauth/token`, {
      grant_type: OTP_GRANT,
      client_id: 'backend',
      client_secret: 'backend-secret-backend-secret',
      username: email,
      otp: await s.lastCode(email),
      realm: 'email',
    });
    assert.equal(res.status, 403);
    assert.equal((await otpLogin(s, email, await s.lastCode(email))).status, 200, 'the code was not consumed');
  });

  const errors: [string, Record<string, unknown>, number, string][] = [
    [
      'unknown client',
      { grant_type: OTP_GRANT, client_id: 'nope', username: 'a@example.com', otp: '123456', realm: 'email' },
      401,
      'invalid_client',
    ],
    [
      'bad client secret',
      {
        grant_type: OTP_GRANT,
        client_id: 'backend',
        client_secret: 'nopenopenopenopenope',
        username: 'a@example.com',
        otp: '123456',
        realm: 'email',
      },
      401,
      'invalid_client',
    ],
    ['missing grant_type', { client_id: 'demo' }, 400, 'invalid_request'],
    ['unsupported grant', { grant_type: 'password', client_id: 'demo' }, 400, 'unsupported_grant_type'],
    [
      'missing otp',
      { grant_type: OTP_GRANT, client_id: 'demo', username: 'a@example.com', realm: 'email' },
      400,
      'invalid_request',
    ],
    [
      'bad realm',
      { grant_type: OTP_GRANT, client_id: 'demo', username: 'a@example.com', otp: '123456', realm: 'ldap' },
      400,
      'invalid_request',
    ],
    [
      'realm not enabled',
      {
        grant_type: OTP_GRANT,
        client_id: 'backend',
        client_secret: 'backend-secret-backend-secret',
        username: '+14155550100',
        otp: '123456',
        realm: 'sms',
      },
      403,
      'unauthorized_client',
    ],
    [
      'malformed scope',
      {
        grant_type: OTP_GRANT,
        client_id: 'demo',
        username: 'a@example.com',
        otp: '123456',
        realm: 'email',
        scope: 'open"id',
      },
      400,
      'invalid_scope',
    ],
    [
      'unknown field',
      {
        grant_type: OTP_GRANT,
        client_id: 'demo',
        username: 'a@example.com',
        otp: '123456',
        realm: 'email',
        password: 'x',
      },
      400,
      'bad.request',
    ],
    [
      'bad refresh token',
      { grant_type: 'refresh_token', client_id: 'demo', refresh_token: 'nope' },
      403,
      'invalid_grant',
    ],
    [
      'bad authorization code',
      {
        grant_type: 'authorization_code',
        client_id: 'demo',
        code: 'nope',
        code_verifier: 'a'.repeat(43),
        redirect_uri: 'http://localhost:5173/callback.html',
      },
      403,
      'invalid_grant',
    ],
  ];
  for (const [name, body, status, code] of errors) {
    it(`refuses ${name} with ${status} ${code}`, async () => {
      const res = await post(`${s.url}/oauth/token`, body);
      assert.equal(res.status, status);
      assert.equal(res.body.error, code);
      assert.equal(typeof res.body.error_description, 'string');
    });
  }
});

describe('consecutive failure lockout', () => {
  it('locks an identifier after 100 failures across codes, then releases it', async () => {
    const s = await startServer({ limits: { starts_per_ip_per_hour: 100000, resends_per_window: 1000 } });
    try {
      const email = 'target@example.com';
      let code = '';
      let res;
      for (let i = 0; i < 100; i++) {
        if (i % 3 === 0) {
          s.clock.advance(61);
          await startEmail(s, email);
          code = await s.lastCode(email);
        }
        res = await otpLogin(s, email, wrongCode(code));
      }
      assert.equal(res!.status, 429, 'the 100th failure locks');
      assert.equal(res!.body.error, 'too_many_attempts');
      assert.equal(res!.headers.get('retry-after'), '900');
      s.clock.advance(61);
      const blockedStart = await startEmail(s, email);
      assert.equal(blockedStart.status, 429);
      assert.ok(blockedStart.headers.get('retry-after'));
      s.clock.advance(900);
      await startEmail(s, email);
      assert.equal((await otpLogin(s, email, await s.lastCode(email))).status, 200);
      assert.ok(s.logs.some((l) => l.includes('"audit":"lockout"')));
    } finally {
      await s.close();
    }
  });
});

describe('refresh tokens', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ limits: { starts_per_ip_per_hour: 1000 } });
  });
  after(() => s.close());

  async function login(email: string, scope: string) {
    await startEmail(s, email);
    return otpLogin(s, email, await s.lastCode(email), { scope });
  }
  const refresh = (token: string) =>
    post(`${s.url}/oauth/token`, { grant_type: 'refresh_token', client_id: 'demo', refresh_token: token });
  const userinfo = (at: string) => get(`${s.url}/userinfo`, { authorization: `Bearer ${at}` });

  it('rotates, and reuse of an old one revokes the whole family', async () => {
    const first = await login('rt@example.com', 'openid offline_access');
    assert.ok(first.body.refresh_token);
    const second = await refresh(first.body.refresh_token);
    assert.equal(second.status, 200);
    assert.ok(second.body.refresh_token);
    assert.notEqual(second.body.refresh_token, first.body.refresh_token);
    assert.equal((await userinfo(second.body.access_token)).status, 200);
    const reuse = await refresh(first.body.refresh_token);
    assert.equal(reuse.status, 403);
    assert.equal(reuse.body.error, 'invalid_grant');
    assert.equal((await refresh(second.body.refresh_token)).status, 403, 'the newest token died with the family');
    assert.equal((await userinfo(second.body.access_token)).status, 401, 'access tokens of the family are revoked');
  });

  it('refuses to refresh for another client', async () => {
    const t = await login('rt2@example.com', 'openid offline_access');
    const res = await post(`${s.url}/oauth/token`, {
      grant_type: 'refresh_token',
      client_id: 'backend',
      client_secret: 'backend-secret-backend-secret',
      refresh_token: t.body.refresh_token,
    });
    assert.equal(res.status, 403);
  });

  it('narrows the scope on refresh, and the access token it answers works at /userinfo', async () => {
    const t = await login('rt4@example.com', 'openid email offline_access');
    const res = await post(`${s.url}/oauth/token`, {
      grant_type: 'refresh_token',
      client_id: 'demo',
      refresh_token: t.body.refresh_token,
      scope: 'openid offline_access',
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.scope, 'openid offline_access');
    const info = await userinfo(res.body.access_token);
    assert.equal(info.status, 200);
    assert.equal(info.body.email, undefined, 'the narrowed scope releases no email');
    const plain = await refresh(res.body.refresh_token);
    assert.equal(plain.status, 200);
    assert.equal((await userinfo(plain.body.access_token)).body.email, 'rt4@example.com', 'the grant kept its scope');
  });

  it('never widens the scope on refresh', async () => {
    const t = await login('rt3@example.com', 'openid offline_access');
    const res = await post(`${s.url}/oauth/token`, {
      grant_type: 'refresh_token',
      client_id: 'demo',
      refresh_token: t.body.refresh_token,
      scope: 'openid offline_access admin',
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_scope');
  });
});

describe('OIDC endpoints', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({
      apis: [
        { audience: 'https://orders.example.com', scopes: ['read:orders', 'write:orders'] },
        { audience: 'https://admin.example.com', scopes: ['read:orders', 'admin'] },
      ],
    });
  });
  after(() => s.close());

  it('serves discovery with the configured endpoints', async () => {
    const { body } = await get(`${s.url}/.well-known/openid-configuration`);
    assert.equal(body.issuer, s.url);
    assert.equal(body.jwks_uri, `${s.url}/.well-known/jwks.json`);
    assert.equal(body.token_endpoint, `${s.url}/oauth/token`);
    assert.equal(body.userinfo_endpoint, `${s.url}/userinfo`);
    assert.deepEqual(body.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(body.id_token_signing_alg_values_supported, ['RS256', 'ES256']);
  });

  it('lists the scopes of the configured APIs in scopes_supported, once each, after OIDC’s', async () => {
    const { body } = await get(`${s.url}/.well-known/openid-configuration`);
    assert.deepEqual(body.scopes_supported, [
      'openid',
      'email',
      'phone',
      'offline_access',
      'read:orders',
      'write:orders',
      'admin',
    ]);
    const rfc8414 = await get(`${s.url}/.well-known/oauth-authorization-server`);
    assert.deepEqual(rfc8414.body.scopes_supported, body.scopes_supported);
  });

  it('answers /authorize without a registered redirect_uri with a plain 400 page, never a redirect', async () => {
    const res = await get(`${s.url}/authorize?client_id=demo&response_type=code`);
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type')!, /text\/html/);
    assert.equal(res.headers.get('location'), null);
  });

  it('serves a JWKS of the RS256 and the ES256 key, without private parts', async () => {
    const { body } = await get(`${s.url}/.well-known/jwks.json`);
    assert.equal(body.keys.length, 2);
    const [rsa, ec] = body.keys;
    assert.deepEqual(Object.keys(rsa).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
    assert.equal(rsa.alg, 'RS256');
    assert.deepEqual(Object.keys(ec).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    assert.equal(ec.alg, 'ES256');
    assert.notEqual(rsa.kid, ec.kid);
  });

  it('keeps both signing keys across restarts (persisted in the store)', async () => {
    const { SqliteStore } = await import('../../src/server/store/sqlite.js');
    const { buildApp } = await import('../../src/server/app.js');
    const { baseConfig } = await import('./helpers.js');
    const store = new SqliteStore(':memory:');
    const a = await buildApp({ config: baseConfig(), store, logger: false });
    const b = await buildApp({ config: baseConfig(), store, logger: false });
    assert.equal(a.passwordless.keys.RS256.kid, b.passwordless.keys.RS256.kid);
    assert.equal(a.passwordless.keys.ES256.kid, b.passwordless.keys.ES256.kid);
    await a.close();
    await b.close();
    store.close();
  });

  it('answers /userinfo with the user and refuses bad tokens', async () => {
    await startEmail(s, 'ui@example.com');
    const t = await otpLogin(s, 'ui@example.com', await s.lastCode('ui@example.com'), { scope: 'openid email' });
    const ok = await get(`${s.url}/userinfo`, { authorization: `Bearer ${t.body.access_token}` });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.email, 'ui@example.com');
    const missing = await get(`${s.url}/userinfo`);
    assert.equal(missing.status, 401);
    assert.equal(missing.body.error, 'invalid_token');
    const forged = await get(`${s.url}/userinfo`, { authorization: `Bearer ${t.body.id_token}` });
    assert.equal(forged.status, 401, 'an id_token is not an access token');
    s.clock.advance(3601);
    assert.equal(
      (await get(`${s.url}/userinfo`, { authorization: `Bearer ${t.body.access_token}` })).status,
      401,
      'expired',
    );
  });

  it('reports health including the store', async () => {
    const ok = await get(`${s.url}/health`);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.store, 'ok');
  });

  it('answers 503 when the store is down', async () => {
    const t = await startServer();
    t.store.close();
    const res = await get(`${t.url}/health`);
    assert.equal(res.status, 503);
    assert.equal(res.body.error, 'temporarily_unavailable');
    await t.app.close();
  });
});
