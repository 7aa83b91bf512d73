import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ORIGIN, OTP_GRANT, post, startEmail, startServer, startSms, type TestServer } from './helpers.js';

describe('POST /passwordless/start', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({
      limits: { starts_per_ip_per_hour: 1000 },
      sms: { provider: 'outbox', allowed_countries: ['US', 'GB', 'FR'] },
    });
  });
  after(() => s.close());
  beforeEach(() => fetch(`${s.url}/dev/outbox`, { method: 'DELETE' }));

  it('sends an email code and answers like Auth0', async () => {
    const res = await startEmail(s, '  Alice@EXAMPLE.com ');
    assert.equal(res.status, 200);
    assert.match(res.body._id, /^[0-9a-f]{24}$/);
    // The canonical form, so one person is one user: trimmed, lower-case, local part included.
    assert.deepEqual({ ...res.body, _id: 'x' }, { _id: 'x', email: 'alice@example.com', email_verified: false });
    const [m] = await s.outbox();
    assert.equal(m!.to, 'alice@example.com');
    assert.match(m!.code, /^[0-9]{6}$/);
    assert.ok(m!.text.includes(m!.code) && m!.html!.includes(m!.code), 'code in text and html');
    assert.ok(m!.text.includes('Demo App'), 'app name');
    assert.ok(m!.text.includes('5 minutes'), 'lifetime');
  });

  it('sends an SMS ending with the WebOTP line for the calling origin', async () => {
    const res = await startSms(s, '+14155550123', {}, { origin: ORIGIN });
    assert.equal(res.status, 200);
    assert.deepEqual(
      { ...res.body, _id: 'x' },
      {
        _id: 'x',
        phone_number: '+14155550123',
        phone_verified: false,
        request_language: null,
      },
    );
    const [m] = await s.outbox();
    assert.ok(m!.text.includes('Demo App'));
    assert.ok(m!.text.endsWith(`@localhost #${m!.code}`), m!.text);
  });

  it('accepts form-encoded bodies (Auth0 docs)', async () => {
    const res = await post(
      `${s.url}/passwordless/start`,
      'client_id=demo&connection=email&email=form%40example.com&send=code',
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.email, 'form@example.com');
  });

  it('localises from x-request-language, then accept-language, else English', async () => {
    await startEmail(s, 'fr@example.com', {}, { 'x-request-language': 'fr-BE', 'accept-language': 'de' });
    await startEmail(s, 'de@example.com', {}, { 'accept-language': 'xx, de-AT;q=0.8, en;q=0.5' });
    await startEmail(s, 'zz@example.com', {}, { 'accept-language': 'zz' });
    const box = await s.outbox();
    const by = (to: string) => box.find((m) => m.to === to)!;
    assert.equal(by('fr@example.com').locale, 'fr');
    assert.match(by('fr@example.com').text, /Utilisez ce code/);
    assert.equal(by('de@example.com').locale, 'de');
    assert.match(by('de@example.com').text, /Mit diesem Code/);
    assert.equal(by('zz@example.com').locale, 'en');
  });

  it('takes the OIDC authParams max_age, prompt, login_hint, ui_locales and response_mode=query', async () => {
    const res = await startEmail(s, 'oidcparams@example.com', {
      authParams: {
        max_age: 300,
        prompt: 'login',
        login_hint: 'oidcparams@example.com',
        ui_locales: 'fr-CA en',
        response_mode: 'query',
        scope: 'openid email',
      },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });

  it('refuses bad OIDC authParams with a 400 that says what is wrong', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ response_mode: 'fragment' }, /response_mode must be query/],
      [{ response_mode: 'form_post' }, /response_mode must be query/],
      [{ max_age: '-1' }, /max_age must be a whole number of seconds/],
      [{ max_age: 'soon' }, /max_age must be a whole number of seconds/],
      [{ max_age: 1.5 }, /max_age must be a whole number of seconds/],
      [{ prompt: 'none' }, /prompt=none cannot be used here/],
      [{ prompt: 'login bogus' }, /prompt has an unsupported value: bogus/],
      [{ login_hint: 'x'.repeat(321) }, /login_hint must be at most 320 characters/],
      [{ ui_locales: 'fr;q=0.9' }, /ui_locales must be language tags/],
      [{ ui_locales: ['fr'] }, /ui_locales must be a string/],
    ];
    for (const [authParams, description] of cases) {
      const res = await startEmail(s, 'badoidc@example.com', { authParams });
      assert.equal(res.status, 400, JSON.stringify(authParams));
      assert.equal(res.body.error, 'bad.authParams');
      assert.match(res.body.error_description, description);
    }
    assert.equal((await s.outbox()).filter((m) => m.to === 'badoidc@example.com').length, 0, 'nothing was sent');
  });

  it('writes the message in the first ui_locales language it has, unless X-Request-Language names one', async () => {
    await startEmail(s, 'ui1@example.com', { authParams: { ui_locales: 'xx es fr' } }, { 'accept-language': 'de' });
    await startEmail(s, 'ui2@example.com', { authParams: { ui_locales: 'fr' } }, { 'x-request-language': 'de' });
    await startEmail(s, 'ui3@example.com', { authParams: { ui_locales: 'zz' } }, { 'accept-language': 'de' });
    const box = await s.outbox();
    const by = (to: string) => box.find((m) => m.to === to)!;
    assert.equal(by('ui1@example.com').locale, 'es');
    assert.equal(by('ui2@example.com').locale, 'de', 'the explicit header wins');
    assert.equal(by('ui3@example.com').locale, 'de', 'no ui_locales language known: Accept-Language');
  });

  it('lets the hosted page (the issuer origin) start for a confidential client without its secret, no one else', async () => {
    const body = { client_id: 'backend', connection: 'email', email: 'hostedconf@example.com', send: 'code' };
    const fromHosted = await post(`${s.url}/passwordless/start`, body, { origin: s.url });
    assert.equal(fromHosted.status, 200, JSON.stringify(fromHosted.body));
    const elsewhere = await post(`${s.url}/passwordless/start`, body, { origin: 'http://localhost:5173' });
    assert.equal(elsewhere.status, 401);
    assert.equal(elsewhere.body.error, 'invalid_client');
    const noOrigin = await post(`${s.url}/passwordless/start`, body);
    assert.equal(noOrigin.status, 401);
    const wrongSecret = await post(
      `${s.url}/passwordless/start`,
      { ...body, client_secret: 'x'.repeat(20) },
      {
        origin: s.url,
      },
    );
    assert.equal(wrongSecret.status, 401, 'a secret that is given must be right');
    // The code it sent is the client's to redeem, with its secret.
    const code = await s.lastCode('hostedconf@example.com');
    const grant = {
      grant_type: OTP_GRANT,
      client_id: 'backend',
      username: 'hostedconf@example.com',
      otp: code,
      realm: 'email',
    };
    assert.equal((await post(`${s.url}/oauth/token`, grant)).status, 401);
    const ok = await post(`${s.url}/oauth/token`, { ...grant, client_secret: 'backend-secret-backend-secret' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it('answers identically for new and existing users', async () => {
    const { otpLogin } = await import('./helpers.js');
    await startEmail(s, 'known@example.com');
    const code = await s.lastCode('known@example.com');
    assert.equal((await otpLogin(s, 'known@example.com', code)).status, 200);
    s.clock.advance(61);
    const known = await startEmail(s, 'known@example.com');
    const fresh = await startEmail(s, 'fresh@example.com');
    assert.equal(known.status, fresh.status);
    assert.deepEqual(Object.keys(known.body).sort(), Object.keys(fresh.body).sort());
    assert.equal(known.body.email_verified, fresh.body.email_verified);
    assert.deepEqual([...known.headers.keys()].sort(), [...fresh.headers.keys()].sort());
  });

  const errors: [string, Record<string, unknown>, number, string][] = [
    ['missing client_id', { connection: 'email', email: 'a@example.com' }, 400, 'bad.client_id'],
    ['unknown client', { client_id: 'nope', connection: 'email', email: 'a@example.com' }, 400, 'bad.client_id'],
    ['missing connection', { client_id: 'demo', email: 'a@example.com' }, 400, 'bad.connection'],
    ['unknown connection', { client_id: 'demo', connection: 'google', email: 'a@example.com' }, 400, 'bad.connection'],
    ['bad email', { client_id: 'demo', connection: 'email', email: 'not-an-email' }, 400, 'bad.email'],
    ['missing email', { client_id: 'demo', connection: 'email' }, 400, 'bad.email'],
    ['bad phone', { client_id: 'demo', connection: 'sms', phone_number: '0155 555' }, 400, 'bad.phone_number'],
    ['invalid phone', { client_id: 'demo', connection: 'sms', phone_number: '+1000' }, 400, 'bad.phone_number'],
    [
      'country not allowed',
      { client_id: 'demo', connection: 'sms', phone_number: '+4915123456789' },
      400,
      'bad.phone_number',
    ],
    [
      'unknown property',
      { client_id: 'demo', connection: 'email', email: 'a@example.com', admin: true },
      400,
      'bad.request',
    ],
    [
      'authParams not an object',
      { client_id: 'demo', connection: 'email', email: 'a@example.com', authParams: 3 },
      400,
      'bad.authParams',
    ],
    [
      'link without PKCE',
      {
        client_id: 'demo',
        connection: 'email',
        email: 'a@example.com',
        send: 'link',
        authParams: { redirect_uri: 'http://localhost:5173/callback.html' },
      },
      400,
      'bad.authParams',
    ],
    [
      'bad send',
      { client_id: 'demo', connection: 'email', email: 'a@example.com', send: 'pigeon' },
      400,
      'bad.request',
    ],
    [
      'connection disabled for client',
      {
        client_id: 'backend',
        client_secret: 'backend-secret-backend-secret',
        connection: 'sms',
        phone_number: '+14155550100',
      },
      400,
      'bad.connection',
    ],
    [
      'bad client secret',
      { client_id: 'backend', client_secret: 'wrong-wrong-wrong-wrong', connection: 'email', email: 'a@example.com' },
      401,
      'invalid_client',
    ],
    [
      'missing client secret',
      { client_id: 'backend', connection: 'email', email: 'a@example.com' },
      401,
      'invalid_client',
    ],
  ];
  for (const [name, body, status, code] of errors) {
    it(`refuses ${name} with ${status} ${code}`, async () => {
      const res = await post(`${s.url}/passwordless/start`, body);
      assert.equal(res.status, status);
      assert.equal(res.body.error, code);
      assert.equal(typeof res.body.error_description, 'string');
    });
  }

  it('refuses an Origin the client does not list', async () => {
    const res = await startEmail(s, 'o@example.com', {}, { origin: 'https://evil.example' });
    assert.equal(res.status, 403);
    assert.equal(res.body.error, 'unauthorized_client');
  });
});

describe('CORS', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('allows a listed client origin (preflight and response)', async () => {
    const pre = await fetch(`${s.url}/passwordless/start`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,auth0-client',
      },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), ORIGIN);
    const res = await startEmail(s, 'cors@example.com', {}, { origin: ORIGIN });
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
    assert.match(res.headers.get('access-control-expose-headers') ?? '', /retry-after/i);
  });

  it('gives no CORS headers to another origin', async () => {
    const pre = await fetch(`${s.url}/passwordless/start`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(pre.headers.get('access-control-allow-origin'), null);
    const jwks = await fetch(`${s.url}/.well-known/jwks.json`, { headers: { origin: 'https://evil.example' } });
    assert.equal(jwks.headers.get('access-control-allow-origin'), null);
  });
});

describe('rate limits', () => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startServer({ limits: { starts_per_ip_per_hour: 3 } });
  });
  const done = () => s.close();

  it('limits starts per IP per hour, with Retry-After', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await startEmail(s, `ip${i}@example.com`)).status, 200);
    const res = await startEmail(s, 'ip4@example.com');
    assert.equal(res.status, 429);
    assert.equal(res.body.error, 'too_many_requests');
    assert.equal(res.headers.get('retry-after'), '3600');
    s.clock.advance(3600);
    assert.equal((await startEmail(s, 'ip5@example.com')).status, 200);
    await done();
  });

  it('allows one resend per minute and five per ten minutes per recipient', async () => {
    await s.close();
    s = await startServer({ limits: { starts_per_ip_per_hour: 1000 } });
    assert.equal((await startEmail(s, 'r@example.com')).status, 200);
    const soon = await startEmail(s, 'r@example.com');
    assert.equal(soon.status, 429);
    assert.equal(soon.headers.get('retry-after'), '60');
    s.clock.advance(30);
    assert.equal((await startEmail(s, 'r@example.com')).headers.get('retry-after'), '30');
    s.clock.advance(30);
    for (let i = 0; i < 4; i++) {
      assert.equal((await startEmail(s, 'r@example.com')).status, 200, `resend ${i + 2}`);
      s.clock.advance(60);
    }
    // Five sent at t=0,60,120,180,240; now t=300: the sixth waits until the first leaves the window.
    const sixth = await startEmail(s, 'r@example.com');
    assert.equal(sixth.status, 429);
    assert.equal(sixth.headers.get('retry-after'), '300');
    assert.equal((await startEmail(s, 'other@example.com')).status, 200, 'other recipients unaffected');
    await done();
  });

  it('limits SMS per number prefix', async () => {
    await s.close();
    s = await startServer({
      limits: { starts_per_ip_per_hour: 1000, sms_per_prefix_per_hour: 2, sms_prefix_digits: 7 },
    });
    assert.equal((await startSms(s, '+14155550101')).status, 200);
    assert.equal((await startSms(s, '+14155550102')).status, 200);
    const third = await startSms(s, '+14155550103');
    assert.equal(third.status, 429);
    assert.ok(Number(third.headers.get('retry-after')) > 0);
    assert.equal((await startSms(s, '+12125550104')).status, 200, 'another prefix is fine');
    await done();
  });
});

describe('disable_signup', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({
      email: { provider: 'outbox', disable_signup: true },
      limits: { starts_per_ip_per_hour: 1000 },
    });
  });
  after(() => s.close());

  it('answers unknown recipients exactly like known ones and never signs them up', async () => {
    // Create a known user directly, as an admin import would.
    s.store.createUser({
      connection: 'email',
      identifier: 'member@example.com',
      email_verified: false,
      phone_verified: false,
      blocked: false,
      user_metadata: {},
      app_metadata: {},
      created_at: s.clock.now(),
    });
    const known = await startEmail(s, 'member@example.com');
    const unknown = await startEmail(s, 'stranger@example.com');
    assert.equal(known.status, 200);
    assert.equal(unknown.status, 200);
    assert.deepEqual(Object.keys(known.body).sort(), Object.keys(unknown.body).sort());
    const box = await s.outbox();
    const strangerMsg = box.find((m) => m.to === 'stranger@example.com')!;
    assert.equal(strangerMsg.code, '');
    assert.doesNotMatch(strangerMsg.text, /[0-9]{6}/);
    const { otpLogin } = await import('./helpers.js');
    const member = await otpLogin(s, 'member@example.com', await s.lastCode('member@example.com'));
    assert.equal(member.status, 200);
    const stranger = await otpLogin(s, 'stranger@example.com', '123456');
    assert.equal(stranger.status, 403);
    assert.equal(stranger.body.error_description, 'Wrong email or verification code.');
    assert.equal(s.store.findUserRecord('email', 'stranger@example.com'), null);
  });
});
