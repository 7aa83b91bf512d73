/**
 * Passkeys over HTTP: Auth0's /passkey/challenge, /passkey/register and the webauthn grant, with
 * credentials from a software authenticator made here (./soft-authenticator.ts), and every refusal.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_GRANT_TYPES, parseConfig } from '../../src/server/config.js';
import { DEV_PASSKEYS, demoClient, demoOrigins } from '../../src/server/dev-defaults.js';
import { RedisStore } from '../../src/server/store/redis.js';
import { ORIGIN, REDIRECT, post, startEmail, startServer, type TestServer } from './helpers.js';
import { skipWithoutRedis, startRedis, type RedisServer } from './redis-server.js';
import { SoftAuthenticator, type Quirks } from './soft-authenticator.js';

const WEBAUTHN = 'urn:okta:params:oauth:grant-type:webauthn';
const OTHER_ORIGIN = 'http://localhost:5174';

function passkeyConfig(over: Record<string, unknown> = {}, passkeys: Record<string, unknown> = {}) {
  return {
    passkeys: { rp_id: 'localhost', ...passkeys },
    clients: [
      {
        client_id: 'demo',
        name: 'Demo App',
        allowed_origins: [ORIGIN],
        redirect_uris: [REDIRECT],
        connections: ['email', 'sms'],
        grant_types: [...DEFAULT_GRANT_TYPES, WEBAUTHN],
      },
      {
        client_id: 'other',
        name: 'Other App',
        allowed_origins: [OTHER_ORIGIN],
        connections: ['email'],
        grant_types: [...DEFAULT_GRANT_TYPES, WEBAUTHN],
      },
      { client_id: 'plain', name: 'No passkeys', allowed_origins: [ORIGIN], connections: ['email'] },
    ],
    ...over,
  };
}

const claims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

const exchange = (s: TestServer, auth_session: string, authn_response: unknown, extra: Record<string, unknown> = {}) =>
  post(`${s.url}/oauth/token`, { grant_type: WEBAUTHN, client_id: 'demo', auth_session, authn_response, ...extra });

const challenge = (s: TestServer, client_id = 'demo') => post(`${s.url}/passkey/challenge`, { client_id });

/** Signs `email` up with a new passkey of `auth`: register, prove with a code, create, exchange. */
async function signUp(s: TestServer, auth: SoftAuthenticator, email: string) {
  const reg = await post(`${s.url}/passkey/register`, { client_id: 'demo', user_profile: { email, name: 'Ann' } });
  assert.equal(reg.status, 200, JSON.stringify(reg.body));
  assert.equal((await startEmail(s, email)).status, 200);
  const proof = await post(`${s.url}/passkey/register/verify`, {
    client_id: 'demo',
    auth_session: reg.body.auth_session,
    otp: await s.lastCode(email),
  });
  assert.equal(proof.status, 200, JSON.stringify(proof.body));
  const res = await exchange(s, reg.body.auth_session, auth.create(reg.body.authn_params_public_key), {
    scope: 'openid email offline_access',
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

/** A fresh challenge answered by `auth` (with `quirks`): the token exchange's answer. */
async function signIn(
  s: TestServer,
  auth: SoftAuthenticator,
  quirks: Quirks = {},
  extra: Record<string, unknown> = {},
) {
  const c = await challenge(s);
  assert.equal(c.status, 200, JSON.stringify(c.body));
  return exchange(s, c.body.auth_session, auth.get(c.body.authn_params_public_key, quirks), extra);
}

describe('passkeys', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer(passkeyConfig());
  });
  after(() => s.close());

  it('offers usernameless request options: any passkey of the RP, user verification required', async () => {
    const res = await challenge(s);
    assert.equal(res.status, 200);
    const o = res.body.authn_params_public_key;
    assert.equal(o.rpId, 'localhost');
    assert.deepEqual(o.allowCredentials, []);
    assert.equal(o.userVerification, 'required');
    assert.match(o.challenge, /^[A-Za-z0-9_-]{43}$/);
    assert.match(res.body.auth_session, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
  });

  it('signs up with a passkey once a code proved the email, then signs in with it alone', async () => {
    const auth = new SoftAuthenticator(ORIGIN);
    const first = await signUp(s, auth, 'ann@example.com');
    const up = claims(first.id_token);
    assert.equal(up.email, 'ann@example.com');
    assert.deepEqual(up.amr, ['otp', 'pop', 'mfa']);
    assert.ok(first.refresh_token, 'the same token response as a code sign-in');

    const res = await signIn(s, auth, {}, { scope: 'openid email' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const c = claims(res.body.id_token);
    assert.equal(c.sub, up.sub);
    assert.deepEqual(c.amr, ['pop', 'mfa']);
    assert.equal(c.auth_time, Math.floor(s.clock.now() / 1000));
    assert.equal(res.body.token_type, 'Bearer');
    const userinfo = await fetch(`${s.url}/userinfo`, {
      headers: { authorization: `Bearer ${res.body.access_token}` },
    });
    assert.equal(((await userinfo.json()) as { sub: string }).sub, up.sub);
    const [stored] = s.store.listCredentials(String(up.sub));
    assert.equal(stored?.counter, 1, 'the counter moved');
    assert.notEqual(stored?.last_used_at, null);
  });

  it('accepts the credential as JSON text in a form body (auth0-auth-js)', async () => {
    const auth = new SoftAuthenticator(ORIGIN);
    await signUp(s, auth, 'form@example.com');
    const c = await challenge(s);
    const res = await post(
      `${s.url}/oauth/token`,
      {
        grant_type: WEBAUTHN,
        client_id: 'demo',
        auth_session: c.body.auth_session,
        authn_response: JSON.stringify(auth.get(c.body.authn_params_public_key)),
      },
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });

  it('refuses a sign-up whose identifier no code proved, and the session is then used up', async () => {
    const auth = new SoftAuthenticator(ORIGIN);
    const reg = await post(`${s.url}/passkey/register`, {
      client_id: 'demo',
      user_profile: { email: 'eve@example.com' },
    });
    const credential = auth.create(reg.body.authn_params_public_key);
    const res = await exchange(s, reg.body.auth_session, credential);
    assert.equal(res.status, 403);
    assert.equal(res.body.error, 'invalid_grant');
    assert.match(res.body.error_description, /Verify the email address with a code/);
    const again = await exchange(s, reg.body.auth_session, credential);
    assert.match(again.body.error_description, /invalid, expired or already used/);
    assert.equal(s.store.findUserRecord('email', 'eve@example.com'), null, 'no account was made');
  });

  it('refuses a wrong code at the sign-up proof, with the OTP grant’s answer', async () => {
    const reg = await post(`${s.url}/passkey/register`, {
      client_id: 'demo',
      user_profile: { email: 'kim@example.com' },
    });
    await startEmail(s, 'kim@example.com');
    const code = await s.lastCode('kim@example.com');
    const res = await post(`${s.url}/passkey/register/verify`, {
      client_id: 'demo',
      auth_session: reg.body.auth_session,
      otp: code === '000000' ? '000001' : '000000',
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.error_description, 'Wrong email or verification code.');
    const other = await post(`${s.url}/passkey/register/verify`, {
      client_id: 'other',
      auth_session: reg.body.auth_session,
      otp: code,
    });
    assert.equal(other.status, 403, "another client's session");
  });

  it('refuses a replayed auth_session, an expired one and one of another client', async () => {
    const auth = new SoftAuthenticator(ORIGIN);
    await signUp(s, auth, 'bob@example.com');
    const c = await challenge(s);
    const assertion = auth.get(c.body.authn_params_public_key);
    assert.equal((await exchange(s, c.body.auth_session, assertion)).status, 200);
    const replay = await exchange(s, c.body.auth_session, assertion);
    assert.equal(replay.status, 403);
    assert.match(replay.body.error_description, /already used/);

    const late = await challenge(s);
    s.clock.advance(301);
    const expired = await exchange(s, late.body.auth_session, auth.get(late.body.authn_params_public_key));
    assert.equal(expired.status, 403, 'five minutes at most');

    const theirs = await challenge(s, 'other');
    const cross = await exchange(s, theirs.body.auth_session, auth.get(theirs.body.authn_params_public_key));
    assert.equal(cross.status, 403, "another client's session");
  });

  it('refuses an assertion without user verification, from another origin, for another challenge or badly signed', async () => {
    const auth = new SoftAuthenticator(ORIGIN);
    await signUp(s, auth, 'cho@example.com');
    for (const quirks of [
      { noUv: true },
      { origin: 'http://evil.example' },
      { challenge: 'AAAA' },
      { badSignature: true },
    ]) {
      const res = await signIn(s, auth, quirks);
      assert.equal(res.status, 403, JSON.stringify(quirks));
      assert.equal(res.body.error_description, 'The passkey could not be verified.');
    }
    assert.equal((await signIn(s, auth)).status, 200, 'the passkey itself still works');
  });

  it('refuses a sign counter that goes backwards, and logs it', async () => {
    const auth = new SoftAuthenticator(ORIGIN);
    await signUp(s, auth, 'dan@example.com');
    assert.equal((await signIn(s, auth, { counter: 10 })).status, 200);
    const res = await signIn(s, auth, { counter: 9 });
    assert.equal(res.status, 403);
    assert.ok(s.logs.some((l) => l.includes('passkey.counter_regressed')));
    assert.equal((await signIn(s, auth, { counter: 11 })).status, 200);
  });

  it('refuses a blocked user, and a passkey that is not registered', async () => {
    const auth = new SoftAuthenticator(ORIGIN);
    const tokens = await signUp(s, auth, 'fay@example.com');
    const sub = String(claims(tokens.id_token).sub);
    s.store.updateUser(sub, { blocked: true }, s.clock.now());
    const blocked = await signIn(s, auth);
    assert.equal(blocked.status, 401);
    assert.deepEqual(blocked.body, { error: 'unauthorized', error_description: 'user is blocked' });
    s.store.deleteUser(sub, s.clock.now());
    assert.deepEqual(s.store.listCredentials(sub), [], "a deleted user's passkeys go with it");
    const gone = await signIn(s, auth);
    assert.equal(gone.status, 403);
    assert.match(gone.body.error_description, /not registered/);
  });

  it('signs in with either of two passkeys on one authenticator, each as its own user', async () => {
    const auth = new SoftAuthenticator(ORIGIN);
    const a = claims((await signUp(s, auth, 'gus@example.com')).id_token).sub;
    const b = claims((await signUp(s, auth, 'hal@example.com')).id_token).sub;
    const [first, second] = auth.keys;
    const c1 = await challenge(s);
    const r1 = await exchange(s, c1.body.auth_session, auth.get(c1.body.authn_params_public_key, {}, first));
    const c2 = await challenge(s);
    const r2 = await exchange(s, c2.body.auth_session, auth.get(c2.body.authn_params_public_key, {}, second));
    assert.equal(claims(r1.body.id_token).sub, a);
    assert.equal(claims(r2.body.id_token).sub, b);
  });

  it('refuses a client whose grant_types lack the webauthn grant', async () => {
    const c = await challenge(s, 'plain');
    assert.equal(c.status, 403);
    assert.equal(c.body.error, 'unauthorized_client');
    const t = await post(`${s.url}/oauth/token`, {
      grant_type: WEBAUTHN,
      client_id: 'plain',
      auth_session: 'x',
      authn_response: {},
    });
    assert.equal(t.status, 403);
    assert.equal(t.body.error, 'unauthorized_client');
  });

  it('answers hostile bodies on every passkey endpoint without a 5xx, always in the error shape', async () => {
    const c = await challenge(s);
    const session = c.body.auth_session as string;
    const hostile: unknown[] = [
      { client_id: 'demo', user_profile: [] },
      { client_id: 'demo', user_profile: { email: { $ne: null } } },
      { client_id: 'demo', user_profile: { __proto__: { email: 'a@b.c' } } },
      { client_id: 'demo', auth_session: session, otp: ['1'] },
      {
        client_id: 'demo',
        grant_type: WEBAUTHN,
        auth_session: session,
        authn_response: { id: 'x'.repeat(5000), rawId: 'x', type: 'public-key', response: { clientDataJSON: '!!' } },
      },
      {
        client_id: 'demo',
        grant_type: WEBAUTHN,
        auth_session: session,
        authn_response: {
          id: 'a',
          rawId: 'a',
          type: 'public-key',
          response: { clientDataJSON: 'e30', authenticatorData: '', signature: '' },
        },
      },
      { client_id: 'demo', grant_type: WEBAUTHN, auth_session: { a: 1 }, authn_response: '{"id":' },
      { client_id: 'demo', type: 'passkey', auth_session: 1, authn_response: null },
    ];
    const paths = [
      '/passkey/challenge',
      '/passkey/register',
      '/passkey/register/verify',
      '/oauth/token',
      '/me/v1/authentication-methods',
    ];
    for (const path of paths) {
      for (const body of hostile) {
        const res = await post(`${s.url}${path}`, body, { authorization: 'Bearer x.y.z' });
        assert.ok(res.status >= 400 && res.status < 500, `${path} ${JSON.stringify(body).slice(0, 80)}: ${res.status}`);
        assert.equal(typeof res.body.error, 'string');
        assert.equal(typeof res.body.error_description, 'string');
      }
    }
  });

  it('refuses malformed requests with 400 and the documented shape', async () => {
    const c = await challenge(s);
    for (const authn_response of [undefined, 'not json', { id: 'x' }, 42]) {
      const res = await exchange(s, c.body.auth_session, authn_response);
      assert.equal(res.status, 400, JSON.stringify(authn_response));
      assert.equal(res.body.error, 'invalid_request');
    }
    const extra = await post(`${s.url}/passkey/challenge`, { client_id: 'demo', organization: 'org_1' });
    assert.equal(extra.status, 400);
    assert.equal(extra.body.error, 'bad.request');
    const noProfile = await post(`${s.url}/passkey/register`, { client_id: 'demo', user_profile: { email: 'nope' } });
    assert.equal(noProfile.body.error, 'bad.email');
  });
});

describe('passkeys: limits and settings', () => {
  it('limits ceremonies per client IP per hour (429 with Retry-After)', async () => {
    const s = await startServer(passkeyConfig({}, { challenges_per_ip_per_hour: 2 }));
    try {
      assert.equal((await challenge(s)).status, 200);
      assert.equal((await challenge(s)).status, 200);
      const res = await challenge(s);
      assert.equal(res.status, 429);
      assert.ok(Number(res.headers.get('retry-after')) > 0);
    } finally {
      await s.close();
    }
  });

  it('counts refused passkeys toward the per-IP failure limit', async () => {
    const s = await startServer(passkeyConfig({ limits: { token_failures_per_ip_per_hour: 2 } }));
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push(
          (await exchange(s, `nope${i}`, new SoftAuthenticator(ORIGIN).create(await registerOptions(s)))).status,
        );
      assert.deepEqual(statuses, [403, 403, 429]);
    } finally {
      await s.close();
    }
  });

  it('keeps a user to max_per_user passkeys', async () => {
    const s = await startServer(passkeyConfig({}, { max_per_user: 1 }));
    try {
      await signUp(s, new SoftAuthenticator(ORIGIN), 'ivy@example.com');
      const reg = await post(`${s.url}/passkey/register`, {
        client_id: 'demo',
        user_profile: { email: 'ivy@example.com' },
      });
      s.clock.advance(61);
      assert.equal((await startEmail(s, 'ivy@example.com')).status, 200);
      const proof = await post(`${s.url}/passkey/register/verify`, {
        client_id: 'demo',
        auth_session: reg.body.auth_session,
        otp: await s.lastCode('ivy@example.com'),
      });
      assert.equal(proof.status, 200);
      const res = await exchange(
        s,
        reg.body.auth_session,
        new SoftAuthenticator(ORIGIN).create(reg.body.authn_params_public_key),
      );
      assert.equal(res.status, 403);
      assert.match(res.body.error_description, /at most 1 passkeys/);
    } finally {
      await s.close();
    }
  });

  it('refuses sign-up with a passkey when sign-ups are disabled', async () => {
    const s = await startServer(passkeyConfig({ email: { provider: 'outbox', disable_signup: true } }));
    try {
      const res = await post(`${s.url}/passkey/register`, {
        client_id: 'demo',
        user_profile: { email: 'new@example.com' },
      });
      assert.equal(res.status, 403);
      assert.match(res.body.error_description, /Sign-ups are disabled/);
    } finally {
      await s.close();
    }
  });

  it('says why there are no passkeys when the issuer is an IP address and no rp_id is set', async () => {
    const s = await startServer(passkeyConfig({ passkeys: {} }));
    try {
      const res = await challenge(s);
      assert.equal(res.status, 403);
      assert.match(res.body.error_description, /localhost/);
    } finally {
      await s.close();
    }
  });

  it("defaults the RP ID to the issuer's host and accepts ceremonies from the issuer's origin and the client's", async () => {
    const issuer = 'http://localhost:4999';
    const s = await startServer(passkeyConfig({ issuer, passkeys: {} }));
    try {
      const reg = await post(`${s.url}/passkey/register`, {
        client_id: 'demo',
        user_profile: { email: 'lu@example.com' },
      });
      assert.equal(reg.status, 200, JSON.stringify(reg.body));
      assert.equal(reg.body.authn_params_public_key.rp.id, 'localhost');
      await startEmail(s, 'lu@example.com');
      await post(`${s.url}/passkey/register/verify`, {
        client_id: 'demo',
        auth_session: reg.body.auth_session,
        otp: await s.lastCode('lu@example.com'),
      });
      const hosted = new SoftAuthenticator(issuer);
      const made = await exchange(s, reg.body.auth_session, hosted.create(reg.body.authn_params_public_key));
      assert.equal(made.status, 200, 'from the hosted page (the issuer origin)');
      assert.equal((await signIn(s, hosted)).status, 200);
      assert.equal((await signIn(s, hosted, { origin: ORIGIN })).status, 200, "from the client's allowed origin");
      assert.equal((await signIn(s, hosted, { origin: OTHER_ORIGIN })).status, 403, "another client's origin");
    } finally {
      await s.close();
    }
  });

  it('takes the origins from config when set (the client’s own origin is then refused)', async () => {
    const s = await startServer(passkeyConfig({}, { origins: ['https://login.example.com'] }));
    try {
      const reg = await post(`${s.url}/passkey/register`, {
        client_id: 'demo',
        user_profile: { email: 'jo@example.com' },
      });
      await startEmail(s, 'jo@example.com');
      await post(`${s.url}/passkey/register/verify`, {
        client_id: 'demo',
        auth_session: reg.body.auth_session,
        otp: await s.lastCode('jo@example.com'),
      });
      const res = await exchange(
        s,
        reg.body.auth_session,
        new SoftAuthenticator(ORIGIN).create(reg.body.authn_params_public_key),
      );
      assert.equal(res.status, 403);
      assert.equal(res.body.error_description, 'The passkey could not be verified.');
    } finally {
      await s.close();
    }
  });
});

async function registerOptions(s: TestServer) {
  return (await post(`${s.url}/passkey/register`, { client_id: 'demo', user_profile: { email: 'x@example.com' } })).body
    .authn_params_public_key;
}

describe('passkeys: discovery', () => {
  it('names the passkey endpoints and the grant in the discovery document when passkeys work', async () => {
    const on = await startServer(passkeyConfig());
    const off = await startServer(passkeyConfig({ passkeys: {} }));
    try {
      const d = (await (await fetch(`${on.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      assert.equal(d.passkey_challenge_endpoint, `${on.url}/passkey/challenge`);
      assert.ok((d.grant_types_supported as string[]).includes(WEBAUTHN));
      const n = (await (await fetch(`${off.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      assert.equal(n.passkey_challenge_endpoint, undefined, 'an IP address cannot be the RP ID');
      assert.ok(!(n.grant_types_supported as string[]).includes(WEBAUTHN));
    } finally {
      await on.close();
      await off.close();
    }
  });
});

describe('passkeys: dev defaults', () => {
  it('offers the demo client passkeys for localhost, on an API listening on 127.0.0.1', async () => {
    const s = await startServer({ clients: [demoClient(demoOrigins({}))], passkeys: DEV_PASSKEYS });
    try {
      const c = await challenge(s);
      assert.equal(c.status, 200, JSON.stringify(c.body));
      assert.equal(c.body.authn_params_public_key.rpId, 'localhost');
      const reg = await post(`${s.url}/passkey/register`, {
        client_id: 'demo',
        user_profile: { email: 'new@example.com' },
      });
      assert.equal(reg.body.authn_params_public_key.rp.id, 'localhost');
    } finally {
      await s.close();
    }
  });
});

describe('passkeys: per-IP failures', () => {
  it('counts failed passkey sign-ins by the client key: the addresses of one IPv6 /64 share one limit', async () => {
    const s = await startServer(passkeyConfig({ trust_proxy: true, limits: { token_failures_per_ip_per_hour: 2 } }));
    try {
      // A credential of the right shape for a ceremony that does not exist: each try is a failure.
      const credential = { id: 'AA', rawId: 'AA', type: 'public-key', response: { clientDataJSON: 'AA' } };
      const tryFrom = (address: string) =>
        post(
          `${s.url}/oauth/token`,
          { grant_type: WEBAUTHN, client_id: 'demo', auth_session: 'x'.repeat(43), authn_response: credential },
          { 'x-forwarded-for': address },
        );
      const oneHome = ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2::3'];
      const statuses = [];
      for (const address of oneHome) statuses.push((await tryFrom(address)).status);
      assert.deepEqual(statuses, [403, 403, 429]);
      assert.equal((await tryFrom('2001:db8:1:3::1')).status, 403, 'the next /64 has a limit of its own');
    } finally {
      await s.close();
    }
  });
});

describe('passkeys on the Redis store', { skip: skipWithoutRedis }, () => {
  let redis: RedisServer | undefined;
  before(async () => {
    redis = await startRedis();
  });
  after(() => redis?.stop());

  it('signs up, signs in, refuses a replay and a counter going backwards', async () => {
    const store = new RedisStore(redis!.url, { prefix: 'pk-http:' });
    const s = await startServer(passkeyConfig(), { store });
    try {
      const auth = new SoftAuthenticator(ORIGIN);
      const up = claims((await signUp(s, auth, 'red@example.com')).id_token);
      const c = await challenge(s);
      const assertion = auth.get(c.body.authn_params_public_key, { counter: 5 });
      const ok = await exchange(s, c.body.auth_session, assertion);
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(claims(ok.body.id_token).sub, up.sub);
      assert.equal((await exchange(s, c.body.auth_session, assertion)).status, 403, 'replayed session');
      assert.equal((await signIn(s, auth, { counter: 4 })).status, 403, 'counter backwards');
      assert.equal((await store.listCredentials(String(up.sub)))[0]?.counter, 5);
    } finally {
      await s.app.close();
      await store.close();
    }
  });
});

describe('passkeys: config', () => {
  it('refuses an IP address as rp_id and a non-origin in origins, naming the key', () => {
    const base = { secret: 'x'.repeat(32), clients: [{ client_id: 'a', name: 'A' }] };
    assert.throws(
      () => parseConfig({ ...base, passkeys: { rp_id: '127.0.0.1' } }),
      /config\.passkeys\.rp_id: .*not an IP address/,
    );
    assert.throws(
      () => parseConfig({ ...base, passkeys: { origins: ['https://a.example/path'] } }),
      /config\.passkeys\.origins\[0\]/,
    );
    assert.throws(() => parseConfig({ ...base, passkeys: { challenge_ttl_seconds: 3600 } }), /challenge_ttl_seconds/);
    assert.deepEqual(parseConfig(base).passkeys, {
      rp_name: 'Passwordless Login',
      challenge_ttl_seconds: 300,
      challenges_per_ip_per_hour: 300,
      max_per_user: 20,
    });
  });
});
