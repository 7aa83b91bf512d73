/**
 * Passkeys as authentication methods: MyAccount enrolment for a signed-in user (then sign-in with
 * the new passkey), listing and deleting one's own; the Management API's list and delete; the CLI.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runUsersCli } from '../../src/server/cli-users.js';
import { DEFAULT_GRANT_TYPES } from '../../src/server/config.js';
import { SqliteStore } from '../../src/server/store/sqlite.js';
import { ORIGIN, REDIRECT, SECRET, otpLogin, post, startEmail, startServer, type TestServer } from './helpers.js';
import { SoftAuthenticator } from './soft-authenticator.js';

const WEBAUTHN = 'urn:okta:params:oauth:grant-type:webauthn';
const ADMIN_SECRET = 'admin-secret-admin-secret-admin';
const ME_SCOPES =
  'openid create:me:authentication_methods read:me:authentication_methods delete:me:authentication_methods';

const config = {
  passkeys: { rp_id: 'localhost' },
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
      client_id: 'admin',
      name: 'Admin scripts',
      client_secret: ADMIN_SECRET,
      grant_types: ['client_credentials'],
      client_grants: [{ scope: ['read:authentication_methods', 'delete:authentication_methods'] }],
    },
  ],
};

async function call(s: TestServer, method: string, path: string, token: string | null, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path.startsWith('http') ? path : `${s.url}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as any };
}

/** A code sign-in asking for MyAccount's audience and `scope`: the access token. */
async function meToken(s: TestServer, email: string, scope = ME_SCOPES): Promise<string> {
  assert.equal((await startEmail(s, email)).status, 200);
  const code = await s.lastCode(email);
  s.clock.advance(130);
  const res = await otpLogin(s, email, code, { audience: `${s.url}/me/`, scope });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.access_token as string;
}

/** Enrols a passkey of `auth` with MyAccount: the verified method. */
async function enrol(s: TestServer, token: string, auth: SoftAuthenticator) {
  const begun = await call(s, 'POST', '/me/v1/authentication-methods', token, { type: 'passkey' });
  assert.equal(begun.status, 201, JSON.stringify(begun.body));
  const location = begun.headers.get('location')!;
  assert.match(location, new RegExp(`^${s.url}/me/v1/authentication-methods/passkey%7C`));
  const verified = await call(s, 'POST', `${location}/verify`, token, {
    auth_session: begun.body.auth_session,
    authn_response: auth.create(begun.body.authn_params_public_key),
  });
  assert.equal(verified.status, 201, JSON.stringify(verified.body));
  return verified.body;
}

describe('passkeys: MyAccount and the Management API', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer(config);
  });
  after(() => s.close());

  it('enrols a passkey for a user signed in with a code, which then signs in alone', async () => {
    const token = await meToken(s, 'ann@example.com');
    const auth = new SoftAuthenticator(ORIGIN);
    const method = await enrol(s, token, auth);
    assert.equal(method.type, 'passkey');
    assert.equal(method.credential_device_type, 'multi_device');
    assert.equal(method.relying_party_id, 'localhost');
    const c = await post(`${s.url}/passkey/challenge`, { client_id: 'demo' });
    const res = await post(`${s.url}/oauth/token`, {
      grant_type: WEBAUTHN,
      client_id: 'demo',
      auth_session: c.body.auth_session,
      authn_response: auth.get(c.body.authn_params_public_key),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const list = await call(s, 'GET', '/me/v1/authentication-methods', token);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.authentication_methods.map((m: { id: string }) => m.id),
      [method.id],
    );
    assert.ok(list.body.authentication_methods[0].last_auth_at, 'the sign-in is recorded');
  });

  it("lists and deletes only one's own passkeys", async () => {
    const ann = await meToken(s, 'cat@example.com');
    const bob = await meToken(s, 'dev@example.com');
    const mine = await enrol(s, ann, new SoftAuthenticator(ORIGIN));
    assert.equal(
      (await call(s, 'DELETE', `/me/v1/authentication-methods/${encodeURIComponent(mine.id)}`, bob)).status,
      404,
    );
    assert.equal(
      (await call(s, 'GET', `/me/v1/authentication-methods/${encodeURIComponent(mine.id)}`, ann)).status,
      200,
    );
    assert.equal(
      (await call(s, 'DELETE', `/me/v1/authentication-methods/${encodeURIComponent(mine.id)}`, ann)).status,
      204,
    );
    assert.deepEqual((await call(s, 'GET', '/me/v1/authentication-methods', ann)).body.authentication_methods, []);
  });

  it('refuses a replayed or foreign enrolment session, a token without the scope or audience', async () => {
    const token = await meToken(s, 'eli@example.com');
    const other = await meToken(s, 'fin@example.com');
    const auth = new SoftAuthenticator(ORIGIN);
    const begun = await call(s, 'POST', '/me/v1/authentication-methods', token, { type: 'passkey' });
    const location = begun.headers.get('location')!;
    const credential = auth.create(begun.body.authn_params_public_key);
    const foreign = await call(s, 'POST', `${location}/verify`, other, {
      auth_session: begun.body.auth_session,
      authn_response: credential,
    });
    assert.equal(foreign.status, 403, "another user's session");
    const replay = await call(s, 'POST', `${location}/verify`, token, {
      auth_session: begun.body.auth_session,
      authn_response: credential,
    });
    assert.equal(replay.status, 403, 'the session was used up by the refused try');

    const readOnly = await meToken(s, 'gil@example.com', 'openid read:me:authentication_methods');
    const noScope = await call(s, 'POST', '/me/v1/authentication-methods', readOnly, { type: 'passkey' });
    assert.equal(noScope.status, 403);
    assert.equal(noScope.body.error, 'insufficient_scope');
    assert.equal((await call(s, 'GET', '/me/v1/authentication-methods', null)).status, 401);
    await startEmail(s, 'jan@example.com');
    const plain = await otpLogin(s, 'jan@example.com', await s.lastCode('jan@example.com'));
    const userinfoToken = await call(s, 'GET', '/me/v1/authentication-methods', plain.body.access_token);
    assert.equal(userinfoToken.status, 401, 'a token without the MyAccount audience');
    const wrongType = await call(s, 'POST', '/me/v1/authentication-methods', token, { type: 'totp' });
    assert.equal(wrongType.status, 400);
  });

  it('lists and deletes a user’s passkeys through the Management API', async () => {
    const token = await meToken(s, 'hal@example.com');
    const method = await enrol(s, token, new SoftAuthenticator(ORIGIN));
    const sub = s.store.findUserRecord('email', 'hal@example.com')!.user_id;
    const cc = await post(`${s.url}/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: 'admin',
      client_secret: ADMIN_SECRET,
      audience: `${s.url}/api/v2/`,
      scope: 'read:authentication_methods delete:authentication_methods',
    });
    assert.equal(cc.status, 200, JSON.stringify(cc.body));
    const admin = cc.body.access_token as string;
    const path = `/api/v2/users/${encodeURIComponent(sub)}/authentication-methods`;
    const list = await call(s, 'GET', path, admin);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.map((m: { id: string }) => m.id),
      [method.id],
    );
    assert.equal((await call(s, 'GET', '/api/v2/users/email%7Cnobody/authentication-methods', admin)).status, 404);
    assert.equal((await call(s, 'DELETE', `${path}/${encodeURIComponent(method.id)}`, admin)).status, 204);
    assert.equal((await call(s, 'DELETE', `${path}/${encodeURIComponent(method.id)}`, admin)).status, 404);
    assert.deepEqual((await call(s, 'GET', path, admin)).body, []);
    assert.equal((await call(s, 'GET', path, token)).status, 401, "a user's own token is no management token");
  });
});

describe('passwordless-server users passkeys (CLI)', () => {
  it("lists a user's passkeys and deletes one", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwl-passkeys-cli-'));
    try {
      const path = join(dir, 'db.sqlite');
      const store = new SqliteStore(path);
      const out = store.createUser({
        connection: 'email',
        identifier: 'ivy@example.com',
        email_verified: true,
        phone_verified: false,
        blocked: false,
        user_metadata: {},
        app_metadata: {},
        created_at: Date.now(),
      });
      assert.equal(out.status, 'ok');
      const sub = out.status === 'ok' ? out.user.user_id : '';
      store.addCredential({
        id: 'Y3JlZA',
        user_id: sub,
        public_key: 'pQ',
        counter: 0,
        transports: ['internal'],
        device_type: 'multi_device',
        backed_up: true,
        user_handle: 'aA',
        aaguid: '00000000-0000-0000-0000-000000000000',
        rp_id: 'localhost',
        name: 'Passkey',
        created_at: Date.now(),
        last_used_at: null,
      });
      store.close();
      const file = join(dir, 'server.json');
      writeFileSync(file, JSON.stringify({ secret: SECRET, store: { type: 'sqlite', path }, clients: config.clients }));
      const lines: string[] = [];
      const io = { out: (t: string) => lines.push(t), err: () => {} };
      assert.equal(await runUsersCli(['passkeys', 'ivy@example.com', '--config', file, '--json'], io), 0);
      const [listed] = JSON.parse(lines.join('\n')) as { id: string; key_id: string }[];
      assert.equal(listed?.key_id, 'Y3JlZA');
      lines.length = 0;
      assert.equal(await runUsersCli(['delete-passkey', 'ivy@example.com', listed!.id, '--config', file], io), 0);
      assert.equal(await runUsersCli(['delete-passkey', 'ivy@example.com', listed!.id, '--config', file], io), 1);
      lines.length = 0;
      assert.equal(await runUsersCli(['passkeys', 'ivy@example.com', '--config', file], io), 0);
      assert.deepEqual(lines, [`0 passkeys of ${sub}`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
