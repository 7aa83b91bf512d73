/**
 * The user management API on the Redis store, over HTTP: users made ahead of time with sign-up
 * disabled sign in, blocking refuses them, linking gives one sub for both connections, and users
 * of an earlier version (`u:` keys) keep their sub. Starts its own redis-server on a free loopback
 * port (skipped when redis-server is missing, like the Redis store suite).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { Redis } from 'ioredis';
import type { ManagementUser } from '../../src/protocol/index.js';
import { RedisStore } from '../../src/server/store/redis.js';
import { startRedis, skipWithoutRedis, type RedisServer } from './redis-server.js';
import { otpLogin, post, startEmail, startServer, startSms, type TestServer } from './helpers.js';

const SECRET = 'admin-secret-admin-secret';
const PHONE = '+447400123456';

describe('user management API on Redis', { skip: skipWithoutRedis }, () => {
  let redis: RedisServer | undefined;
  let url = '';
  let store: RedisStore;
  let s: TestServer;
  let token = '';

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${s.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const signIn = async (username: string) => {
    const started = username.startsWith('+') ? await startSms(s, username) : await startEmail(s, username);
    assert.equal(started.status, 200);
    const code = await s.lastCode(username);
    s.clock.advance(130);
    return otpLogin(s, username, code, { scope: 'openid email phone' });
  };

  before(async () => {
    redis = await startRedis();
    url = redis.url;
    // A user of an earlier version, as it kept them.
    const legacy = new Redis(url);
    await legacy.set(
      'mgmt:u:email:old@example.com',
      JSON.stringify({
        sub: 'email|0123456789abcdef01234567',
        connection: 'email',
        identifier: 'old@example.com',
        created_at: 1,
      }),
    );
    await legacy.set('mgmt:us:email|0123456789abcdef01234567', 'mgmt:u:email:old@example.com');
    legacy.disconnect();

    store = new RedisStore(url, { prefix: 'mgmt:' });
    s = await startServer(
      {
        clients: [
          { client_id: 'demo', name: 'Demo App', allowed_origins: ['http://localhost:5173'] },
          {
            client_id: 'admin',
            name: 'Admin scripts',
            client_secret: SECRET,
            grant_types: ['client_credentials'],
            client_grants: [{ scope: ['read:users', 'create:users', 'update:users', 'delete:users'] }],
          },
        ],
        email: { provider: 'outbox', disable_signup: true },
        sms: { provider: 'outbox', disable_signup: true },
      },
      { store },
    );
    const res = await post(`${s.url}/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: 'admin',
      client_secret: SECRET,
      audience: `${s.url}/api/v2/`,
    });
    assert.equal(res.status, 200);
    token = res.body.access_token;
  });
  after(async () => {
    await s?.close();
    await store?.close();
    redis?.stop();
  });

  it('keeps users of an earlier version, with their sub', async () => {
    const login = await signIn('old@example.com');
    assert.equal(login.status, 200, JSON.stringify(login.body));
    assert.equal(decodeJwt(login.body.id_token).sub, 'email|0123456789abcdef01234567');
  });

  it('creates, signs in, blocks, links and deletes', async () => {
    const ann = (await call('POST', '/api/v2/users', { connection: 'email', email: 'ann@example.com' }))
      .body as ManagementUser;
    const phone = (await call('POST', '/api/v2/users', { connection: 'sms', phone_number: PHONE }))
      .body as ManagementUser;
    assert.equal((await call('POST', '/api/v2/users', { connection: 'sms', phone_number: PHONE })).status, 409);
    const list = await call('GET', '/api/v2/users?include_totals=true&per_page=2&page=1');
    assert.equal(list.body.total, 3);
    assert.equal(list.body.users.length, 1);

    assert.equal(decodeJwt((await signIn('ann@example.com')).body.id_token).sub, ann.user_id);
    await call('PATCH', `/api/v2/users/${encodeURIComponent(ann.user_id)}`, { blocked: true });
    assert.equal((await signIn('ann@example.com')).status, 401);
    await call('PATCH', `/api/v2/users/${encodeURIComponent(ann.user_id)}`, { blocked: false });

    const linked = await call('POST', `/api/v2/users/${encodeURIComponent(ann.user_id)}/identities`, {
      provider: 'sms',
      user_id: phone.user_id,
    });
    assert.equal(linked.status, 201, JSON.stringify(linked.body));
    const viaSms = decodeJwt((await signIn(PHONE)).body.id_token);
    assert.equal(viaSms.sub, ann.user_id);
    assert.equal(viaSms.email, 'ann@example.com');

    assert.equal((await call('DELETE', `/api/v2/users/${encodeURIComponent(ann.user_id)}`)).status, 204);
    await startSms(s, PHONE);
    assert.equal(await s.lastCode(PHONE), '', 'the linked phone went with the user: no account, no code');
  });
});
