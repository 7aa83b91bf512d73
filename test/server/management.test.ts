/**
 * The user management API over real HTTP, as an administrator's script uses it: a
 * client_credentials token, users made ahead of time with sign-up disabled, search, blocking,
 * linking an email and a phone number into one user, deleting, and the access rules.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { ConfigError, parseConfig } from '../../src/server/config.js';
import { maskIdentifier, normalizeEmail } from '../../src/server/identifiers.js';
import type { ManagementUser, ManagementUserPage } from '../../src/protocol/index.js';
import { get, otpLogin, post, startEmail, startServer, startSms, type Res, type TestServer } from './helpers.js';

const ADMIN_SECRET = 'admin-secret-admin-secret';
const READER_SECRET = 'reader-secret-reader-secret';
const PHONE = '+447400123456';
/** The canonical form of the address the tests create as 'Ann@EXAMPLE.com' (identifiers.ts decides). */
const ANN = normalizeEmail('Ann@EXAMPLE.com')!;

const clients = [
  {
    client_id: 'demo',
    name: 'Demo App',
    allowed_origins: ['http://localhost:5173'],
    redirect_uris: ['http://localhost:5173/callback.html'],
    connections: ['email', 'sms'],
  },
  {
    client_id: 'admin',
    name: 'Admin scripts',
    client_secret: ADMIN_SECRET,
    grant_types: ['client_credentials'],
    // No audience: the user management API of this server.
    client_grants: [{ scope: ['read:users', 'create:users', 'update:users', 'delete:users'] }],
  },
  {
    client_id: 'reader',
    name: 'Reporting',
    client_secret: READER_SECRET,
    grant_types: ['client_credentials'],
    client_grants: [{ scope: ['read:users'] }],
  },
  { client_id: 'backend', name: 'Backend', client_secret: 'backend-secret-backend-secret', connections: ['email'] },
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
async function call<T = any>(
  s: TestServer,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<Res<T>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

async function signIn(s: TestServer, username: string, scope = 'openid email phone offline_access') {
  const started = username.startsWith('+') ? await startSms(s, username) : await startEmail(s, username);
  assert.equal(started.status, 200);
  const code = await s.lastCode(username);
  s.clock.advance(130); // past the resend limits (1 per 60 s, 5 per 10 min), so the next start is allowed
  return otpLogin(s, username, code, { scope });
}

describe('user management API (/api/v2)', () => {
  let s: TestServer;
  let token: string;
  let audience: string;

  before(async () => {
    s = await startServer({
      clients,
      email: { provider: 'outbox', disable_signup: true },
      sms: { provider: 'outbox', disable_signup: true },
    });
    audience = `${s.url}/api/v2/`;
  });
  after(() => s.close());

  it('gives a confidential client a management token by client_credentials (secret in the body)', async () => {
    const res = await post(`${s.url}/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: 'admin',
      client_secret: ADMIN_SECRET,
      audience,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.scope, 'read:users create:users update:users delete:users');
    assert.equal(res.body.id_token, undefined);
    assert.equal(res.body.refresh_token, undefined);
    const claims = decodeJwt(res.body.access_token);
    assert.equal(claims.aud, audience);
    assert.equal(claims.sub, 'admin@clients');
    assert.equal(claims.gty, 'client_credentials');
    assert.equal(claims.client_id, 'admin', 'RFC 9068 validators need client_id');
    token = res.body.access_token;
  });

  it('advertises client_credentials and client_secret_basic in discovery', async () => {
    const d = await get(`${s.url}/.well-known/openid-configuration`);
    assert.ok(d.body.grant_types_supported.includes('client_credentials'));
    assert.ok(d.body.token_endpoint_auth_methods_supported.includes('client_secret_basic'));
  });

  it('accepts client_secret_basic (form-encoded) with a narrower scope', async () => {
    const res = await post(
      `${s.url}/oauth/token`,
      { grant_type: 'client_credentials', audience, scope: 'read:users' },
      { 'content-type': 'application/x-www-form-urlencoded', authorization: basic('admin', ADMIN_SECRET) },
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.scope, 'read:users');
  });

  it('refuses bad client authentication with 401 and WWW-Authenticate', async () => {
    const wrong = await post(
      `${s.url}/oauth/token`,
      { grant_type: 'client_credentials', audience },
      { authorization: basic('admin', 'not-the-secret-at-all') },
    );
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error, 'invalid_client');
    assert.match(wrong.headers.get('www-authenticate') ?? '', /^Basic realm=/);
    const none = await post(`${s.url}/oauth/token`, { grant_type: 'client_credentials', client_id: 'admin', audience });
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /^Basic /);
    const both = await post(
      `${s.url}/oauth/token`,
      { grant_type: 'client_credentials', client_secret: ADMIN_SECRET, audience },
      { authorization: basic('admin', ADMIN_SECRET) },
    );
    assert.equal(both.status, 400);
    assert.equal(both.body.error, 'invalid_request');
  });

  it('refuses clients, audiences and scopes outside the client grants', async () => {
    const noGrant = await post(`${s.url}/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: 'backend',
      client_secret: 'backend-secret-backend-secret',
      audience,
    });
    assert.equal(noGrant.status, 403);
    assert.equal(noGrant.body.error, 'unauthorized_client');
    const otherApi = await post(`${s.url}/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: 'admin',
      client_secret: ADMIN_SECRET,
      audience: 'https://api.example.com/',
    });
    assert.equal(otherApi.status, 403);
    assert.equal(otherApi.body.error, 'access_denied');
    const wider = await post(`${s.url}/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: 'reader',
      client_secret: READER_SECRET,
      audience,
      scope: 'read:users delete:users',
    });
    assert.equal(wider.status, 403);
    assert.equal(wider.body.error, 'invalid_scope');
    // The admin client is machine-only: no passwordless grant for it.
    const otp = await otpLogin(s, 'x@example.com', '123456', { client_id: 'admin', client_secret: ADMIN_SECRET });
    assert.equal(otp.status, 403);
    assert.equal(otp.body.error, 'unauthorized_client');
  });

  it('answers 401 with WWW-Authenticate without a token or with a bad one, 403 without the scope', async () => {
    const none = await call(s, 'GET', '/api/v2/users', null);
    assert.equal(none.status, 401);
    assert.equal(none.body.error, 'invalid_token');
    assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer realm=/);
    const bad = await call(s, 'GET', '/api/v2/users', token.slice(0, -4) + 'AAAA');
    assert.equal(bad.status, 401);
    assert.match(bad.headers.get('www-authenticate') ?? '', /error="invalid_token"/);

    const reader = await post(`${s.url}/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: 'reader',
      client_secret: READER_SECRET,
      audience,
    });
    const create = await call(s, 'POST', '/api/v2/users', reader.body.access_token, {
      connection: 'email',
      email: 'nope@example.com',
    });
    assert.equal(create.status, 403);
    assert.equal(create.body.error, 'insufficient_scope');
    assert.match(create.headers.get('www-authenticate') ?? '', /scope="create:users"/);
    assert.equal((await call(s, 'GET', '/api/v2/users', reader.body.access_token)).status, 200);
  });

  let ann: ManagementUser;

  it('creates a user ahead of time (sign-up disabled); they sign in, a stranger gets the no-account notice', async () => {
    const created = await call<ManagementUser>(s, 'POST', '/api/v2/users', token, {
      connection: 'email',
      email: '  Ann@EXAMPLE.com ',
      email_verified: false,
      user_metadata: { plan: 'pro', theme: { dark: true } },
      app_metadata: { roles: ['editor'] },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    ann = created.body;
    assert.match(ann.user_id, /^email\|[0-9a-f]{24}$/);
    // Canonicalized exactly as /passwordless/start does it.
    assert.equal(ann.email, ANN);
    assert.deepEqual(ann.identities, [
      { connection: 'email', provider: 'email', user_id: ann.user_id.slice(6), isSocial: false },
    ]);
    assert.equal(ann.logins_count, 0);
    assert.equal(ann.blocked, false);
    assert.equal(ann.last_login, undefined);
    assert.equal(ann.phone_number, undefined);
    assert.ok(!Number.isNaN(Date.parse(ann.created_at)));

    const dup = await call(s, 'POST', '/api/v2/users', token, { connection: 'email', email: ANN });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error, 'user_exists');

    const login = await signIn(s, ANN);
    assert.equal(login.status, 200, JSON.stringify(login.body));
    assert.equal(decodeJwt(login.body.id_token).sub, ann.user_id);
    // A user's own access token never manages users, even one asked for this audience.
    await startEmail(s, ANN);
    const asUser = await otpLogin(s, ANN, await s.lastCode(ANN), {
      audience,
      scope: 'openid read:users',
    });
    s.clock.advance(130);
    if (asUser.status === 200) {
      const res = await call(s, 'GET', '/api/v2/users', asUser.body.access_token);
      assert.equal(res.status, 401);
    } else {
      assert.equal(asUser.status, 403);
    }
    const after = await call<ManagementUser>(s, 'GET', `/api/v2/users/${encodeURIComponent(ann.user_id)}`, token);
    assert.ok(after.body.logins_count >= 1);
    assert.equal(after.body.email_verified, true);
    assert.ok(after.body.last_login);

    const stranger = await startEmail(s, 'stranger@example.com');
    assert.equal(stranger.status, 200);
    const notice = (await s.outbox()).find((m) => m.to === 'stranger@example.com')!;
    assert.equal(notice.code, '');
    assert.match(notice.subject ?? '', /Sign-in attempt/);
  });

  it('refuses bad bodies with 400 invalid_body naming the problem', async () => {
    const cases: [unknown, RegExp][] = [
      [{ connection: 'fax', email: 'a@example.com' }, /connection/],
      [{ connection: 'email' }, /email is required/],
      [{ connection: 'email', email: 'not an email' }, /valid email/],
      [{ connection: 'sms', phone_number: '0740012345' }, /E\.164/],
      [{ connection: 'email', email: 'a@example.com', password: 'x' }, /password/],
      [{ connection: 'email', email: 'a@example.com', user_metadata: [] }, /user_metadata/],
    ];
    for (const [body, message] of cases) {
      const res = await call(s, 'POST', '/api/v2/users', token, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error, 'invalid_body');
      assert.match(res.body.error_description, message);
    }
  });

  it('lists with pagination totals and searches by email and phone_number', async () => {
    for (let i = 0; i < 4; i++) {
      s.clock.advance(1);
      const r = await call(s, 'POST', '/api/v2/users', token, { connection: 'email', email: `user${i}@example.com` });
      assert.equal(r.status, 201);
    }
    s.clock.advance(1);
    const phone = await call<ManagementUser>(s, 'POST', '/api/v2/users', token, {
      connection: 'sms',
      phone_number: PHONE,
      phone_verified: true,
    });
    assert.equal(phone.status, 201);
    assert.equal(phone.body.phone_number, PHONE);
    assert.equal(phone.body.email, undefined);

    const page = await call<ManagementUserPage>(s, 'GET', '/api/v2/users?page=1&per_page=2&include_totals=true', token);
    assert.equal(page.status, 200);
    assert.equal(page.body.total, 6);
    assert.equal(page.body.start, 2);
    assert.equal(page.body.limit, 2);
    assert.equal(page.body.length, 2);
    assert.deepEqual(
      page.body.users.map((u) => u.email),
      ['user1@example.com', 'user2@example.com'],
    );
    const plain = await call<ManagementUser[]>(s, 'GET', '/api/v2/users?per_page=100', token);
    assert.ok(Array.isArray(plain.body));
    assert.equal(plain.body.length, 6);
    assert.equal((await call(s, 'GET', '/api/v2/users?per_page=101', token)).status, 400);

    // Searched by the canonical form, as /passwordless/start would make it.
    const byEmail = await call<ManagementUserPage>(
      s,
      'GET',
      `/api/v2/users?q=${encodeURIComponent('email:" Ann@EXAMPLE.COM"')}&search_engine=v3&include_totals=true`,
      token,
    );
    assert.equal(byEmail.body.total, 1);
    assert.equal(byEmail.body.users[0]!.user_id, ann.user_id);
    const byPhone = await call<ManagementUser[]>(
      s,
      'GET',
      `/api/v2/users?q=${encodeURIComponent(`phone_number:"${PHONE}"`)}`,
      token,
    );
    assert.deepEqual(
      byPhone.body.map((u) => u.phone_number),
      [PHONE],
    );
    const bad = await call(s, 'GET', `/api/v2/users?q=${encodeURIComponent('name:ann')}`, token);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'invalid_query_string');

    const ube = await call<ManagementUser[]>(
      s,
      'GET',
      `/api/v2/users-by-email?email=${encodeURIComponent('Ann@EXAMPLE.com')}`,
      token,
    );
    assert.deepEqual(
      ube.body.map((u) => u.user_id),
      [ann.user_id],
    );
    assert.deepEqual((await call(s, 'GET', '/api/v2/users-by-email?email=zed%40example.com', token)).body, []);
  });

  it('merges metadata one level deep on PATCH', async () => {
    const res = await call<ManagementUser>(s, 'PATCH', `/api/v2/users/${encodeURIComponent(ann.user_id)}`, token, {
      user_metadata: { theme: { compact: true }, plan: null, lang: 'fr' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.user_metadata, { theme: { compact: true }, lang: 'fr' });
    assert.deepEqual(res.body.app_metadata, { roles: ['editor'] });
    const missing = await call(s, 'PATCH', '/api/v2/users/email%7Cnobody', token, { blocked: true });
    assert.equal(missing.status, 404);
  });

  it('blocks: sign-in answers 401 user is blocked, the refresh token dies; unblocking lets them in again', async () => {
    const login = await signIn(s, ANN);
    assert.equal(login.status, 200);
    const refresh = login.body.refresh_token as string;
    assert.ok(refresh);
    const id = encodeURIComponent(ann.user_id);
    const blocked = await call<ManagementUser>(s, 'PATCH', `/api/v2/users/${id}`, token, { blocked: true });
    assert.equal(blocked.body.blocked, true);

    // /passwordless/start answers as for anyone: being blocked is not revealed there.
    const start = await startEmail(s, ANN);
    assert.equal(start.status, 200);
    assert.deepEqual(Object.keys(start.body).sort(), ['_id', 'email', 'email_verified']);
    const code = await s.lastCode(ANN);
    s.clock.advance(130);
    const refused = await otpLogin(s, ANN, code);
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.body, { error: 'unauthorized', error_description: 'user is blocked' });

    const rt = await post(`${s.url}/oauth/token`, {
      grant_type: 'refresh_token',
      client_id: 'demo',
      refresh_token: refresh,
    });
    assert.ok(rt.status >= 400, 'the refresh token no longer works');
    const me = await get(`${s.url}/userinfo`, { authorization: `Bearer ${login.body.access_token}` });
    assert.equal(me.status, 401);

    await call(s, 'PATCH', `/api/v2/users/${id}`, token, { blocked: false });
    const again = await signIn(s, ANN);
    assert.equal(again.status, 200);
    const old = await post(`${s.url}/oauth/token`, {
      grant_type: 'refresh_token',
      client_id: 'demo',
      refresh_token: refresh,
    });
    assert.equal(old.status, 403, 'a refresh token of before the block stays dead');
  });

  it('links the phone user into the email user: both sign-ins give one sub with both claims; then unlinks', async () => {
    const phone = (
      await call<ManagementUser[]>(s, 'GET', `/api/v2/users?q=phone_number:${encodeURIComponent(PHONE)}`, token)
    ).body[0]!;
    const primary = encodeURIComponent(ann.user_id);
    const linked = await call(s, 'POST', `/api/v2/users/${primary}/identities`, token, {
      provider: 'sms',
      user_id: phone.identities[0]!.user_id,
    });
    assert.equal(linked.status, 201, JSON.stringify(linked.body));
    assert.deepEqual(
      linked.body.map((i: { provider: string }) => i.provider),
      ['email', 'sms'],
    );
    assert.equal((await call(s, 'GET', `/api/v2/users/${encodeURIComponent(phone.user_id)}`, token)).status, 404);

    const viaEmail = await signIn(s, ANN);
    const viaSms = await signIn(s, PHONE);
    assert.equal(viaSms.status, 200, JSON.stringify(viaSms.body));
    const a = decodeJwt(viaEmail.body.id_token);
    const b = decodeJwt(viaSms.body.id_token);
    assert.equal(a.sub, ann.user_id);
    assert.equal(b.sub, ann.user_id);
    assert.equal(b.email, ANN);
    assert.equal(b.phone_number, PHONE);
    const me = await get(`${s.url}/userinfo`, { authorization: `Bearer ${viaSms.body.access_token}` });
    assert.equal(me.body.email, ANN);
    assert.equal(me.body.phone_number, PHONE);

    const user = await call<ManagementUser>(s, 'GET', `/api/v2/users/${primary}`, token);
    assert.equal(user.body.phone_number, PHONE);
    assert.equal(user.body.phone_verified, true);

    // Already linked (here, or anywhere): 409.
    const other = (await call<ManagementUser[]>(s, 'GET', '/api/v2/users-by-email?email=user0%40example.com', token))
      .body[0]!;
    const twice = await call(s, 'POST', `/api/v2/users/${encodeURIComponent(other.user_id)}/identities`, token, {
      provider: 'sms',
      user_id: phone.user_id,
    });
    assert.equal(twice.status, 409);

    const unlinked = await call(
      s,
      'DELETE',
      `/api/v2/users/${primary}/identities/sms/${phone.identities[0]!.user_id}`,
      token,
    );
    assert.equal(unlinked.status, 200, JSON.stringify(unlinked.body));
    assert.equal(unlinked.body.length, 1);
    const alone = await signIn(s, PHONE);
    assert.equal(decodeJwt(alone.body.id_token).sub, phone.user_id, 'the phone is its own user again');
    assert.equal(decodeJwt(alone.body.id_token).email, undefined);
  });

  it('links with link_with: the ID token of the secondary', async () => {
    const secondary = await signIn(s, PHONE);
    const primary = encodeURIComponent(ann.user_id);
    const res = await call(s, 'POST', `/api/v2/users/${primary}/identities`, token, {
      link_with: secondary.body.id_token,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const viaSms = await signIn(s, PHONE);
    assert.equal(decodeJwt(viaSms.body.id_token).sub, ann.user_id);
    const forged = await call(s, 'POST', `/api/v2/users/${primary}/identities`, token, {
      link_with: secondary.body.id_token.slice(0, -4) + 'AAAA',
    });
    assert.equal(forged.status, 400);
  });

  it('deletes a user: 204, its refresh tokens die, and it can no longer sign in', async () => {
    const login = await signIn(s, ANN);
    const id = encodeURIComponent(ann.user_id);
    const del = await call(s, 'DELETE', `/api/v2/users/${id}`, token);
    assert.equal(del.status, 204);
    assert.equal((await call(s, 'GET', `/api/v2/users/${id}`, token)).status, 404);
    assert.equal((await call(s, 'DELETE', `/api/v2/users/${id}`, token)).status, 404);
    const rt = await post(`${s.url}/oauth/token`, {
      grant_type: 'refresh_token',
      client_id: 'demo',
      refresh_token: login.body.refresh_token,
    });
    assert.equal(rt.status, 403);
    // Sign-up is disabled and the user is gone: the no-account notice instead of a code, and its
    // linked phone went with it.
    for (const to of [ANN, PHONE]) {
      const started = to.startsWith('+') ? await startSms(s, to) : await startEmail(s, to);
      assert.equal(started.status, 200);
      assert.equal(await s.lastCode(to), '', `no code for ${to}`);
    }
  });

  it('logs each admin action with the acting client and masked identifiers', () => {
    const lines = s.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => String(l.audit).startsWith('users.'));
    const events = new Set(lines.map((l) => l.audit));
    for (const e of [
      'users.create',
      'users.update',
      'users.block',
      'users.unblock',
      'users.link',
      'users.unlink',
      'users.delete',
    ]) {
      assert.ok(events.has(e), `missing ${e}`);
    }
    assert.ok(lines.every((l) => l.actor === 'admin'));
    const all = lines.map((l) => JSON.stringify(l)).join('\n');
    assert.doesNotMatch(all, new RegExp(ANN.replace(/[.]/g, '\\.')));
    assert.doesNotMatch(all, /447400123456/);
    assert.ok(all.includes(maskIdentifier(ANN)));
  });
});

describe('config: grant_types and client_grants', () => {
  const base = { secret: 'test-secret-test-secret-test-secret-42' };
  const expectKey = (clients: unknown[], key: string) =>
    assert.throws(
      () => parseConfig({ ...base, clients }),
      (err: unknown) => err instanceof ConfigError && err.key === key,
    );

  it('defaults every client to the passwordless grants and no client grants', () => {
    const c = parseConfig({ ...base, clients: [{ client_id: 'a', name: 'A' }] });
    assert.deepEqual(c.clients[0]!.grant_types, [
      'http://auth0.com/oauth/grant-type/passwordless/otp',
      'authorization_code',
      'refresh_token',
    ]);
    assert.deepEqual(c.clients[0]!.client_grants, []);
  });

  it('refuses client_credentials without a secret, grants without client_credentials, and unknown scopes', () => {
    expectKey([{ client_id: 'a', name: 'A', grant_types: ['client_credentials'] }], 'config.clients[0].grant_types');
    expectKey([{ client_id: 'a', name: 'A', grant_types: ['password'] }], 'config.clients[0].grant_types[0]');
    expectKey(
      [{ client_id: 'a', name: 'A', client_secret: ADMIN_SECRET, client_grants: [{ scope: ['read:users'] }] }],
      'config.clients[0].client_grants',
    );
    expectKey(
      [
        {
          client_id: 'a',
          name: 'A',
          client_secret: ADMIN_SECRET,
          grant_types: ['client_credentials'],
          client_grants: [{ audience: 'https://login.example.com/api/v2/', scope: ['read:users', 'drop:users'] }],
        },
      ],
      'config.clients[0].client_grants[0].scope[1]',
    );
    // Another API's scopes are its own business.
    const other = parseConfig({
      ...base,
      clients: [
        {
          client_id: 'a',
          name: 'A',
          client_secret: ADMIN_SECRET,
          grant_types: ['client_credentials'],
          client_grants: [{ audience: 'https://api.example.com/', scope: ['read:orders'] }],
        },
      ],
    });
    assert.deepEqual(other.clients[0]!.client_grants, [
      { audience: 'https://api.example.com/', scope: ['read:orders'] },
    ]);
  });
});
