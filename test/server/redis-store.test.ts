/**
 * The Redis store passes the same contract as SQLite, and the app runs on it over HTTP.
 * Starts its own redis-server on a free loopback port (skipped when redis-server is missing).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RedisStore } from '../../src/server/store/redis.js';
import { createHash, randomBytes } from 'node:crypto';
import { REDIRECT, get, otpLogin, post, startEmail, startServer } from './helpers.js';
import { sharedStoreChecks } from './shared-store.js';
import { startRedis, skipWithoutRedis, type RedisServer } from './redis-server.js';
import { storeContract } from './store-contract.js';

let redis: RedisServer | undefined;
let url = '';
let n = 0;

describe('redis store', { skip: skipWithoutRedis }, () => {
  before(async () => {
    redis = await startRedis();
    url = redis.url;
  });
  after(() => {
    redis?.stop();
  });

  // Each store gets its own key prefix, so the contract's cases stay independent.
  storeContract('redis', () => new RedisStore(url, { prefix: `t${n++}:` }));

  // Two servers, two clients, one prefix per check.
  let m = 0;
  sharedStoreChecks('redis', () => new RedisStore(url, { prefix: `two${Math.floor(m++ / 2)}:` }));

  it('signs a returning user in within the script and keeps its metadata exactly as written', async () => {
    const prefix = `login${n++}:`;
    const store = new RedisStore(url, { prefix });
    const { Redis } = await import('ioredis');
    const raw = new Redis(url);
    try {
      const T = 1_900_000_000_000;
      const made = await store.createUser({
        connection: 'email',
        identifier: 'meta@example.com',
        email_verified: false,
        phone_verified: false,
        blocked: false,
        user_metadata: { empty: [], nested: { list: [1, { a: [] }] }, text: 'a/b "q" é', third: 1 / 3 },
        app_metadata: { roles: [], logins_count: 99, blocked: true },
        created_at: T,
      });
      assert.ok(made.status === 'ok');
      const sub = made.user.user_id;
      const metaJson = (r: string) => r.slice(r.indexOf(',"user_metadata":'));
      const before = (await raw.get(`${prefix}acct:${sub}`))!;
      const signIn = async (now: number, codeHash: string) => {
        await store.createChallenge({
          id: `c${now}`,
          client_id: 'demo',
          connection: 'email',
          identifier: 'meta@example.com',
          code_hash: codeHash,
          link_hash: null,
          send: 'code',
          auth_params: null,
          created_at: now,
          code_expires_at: now + 60_000,
          link_expires_at: null,
          max_attempts: 3,
        });
        return store.signInWithOtp(
          {
            clientId: 'demo',
            connection: 'email',
            identifier: 'meta@example.com',
            codeHash,
            lockKey: 'lock',
            ipLockKey: 'iplock',
            create: true,
          },
          now,
        );
      };
      const first = await signIn(T + 1000, 'h1');
      assert.ok(first.status === 'ok' && first.user?.sub === sub);
      const after = (await raw.get(`${prefix}acct:${sub}`))!;
      assert.equal(metaJson(after), metaJson(before), 'metadata JSON is untouched');
      const record = (await store.getUserRecord(sub))!;
      assert.equal(record.logins_count, 1);
      assert.equal(record.last_login, T + 1000);
      assert.equal(record.updated_at, T + 1000);
      assert.equal(record.email_verified, true);
      assert.equal(record.blocked, false);
      assert.deepEqual(record.user_metadata, made.user.user_metadata);
      assert.deepEqual(record.app_metadata, made.user.app_metadata);
      assert.deepEqual(record.identities, made.user.identities);

      // An account in another layout (metadata first) is logged in by the compare-and-set instead.
      const { user_metadata, app_metadata, ...head } = record;
      await raw.set(`${prefix}acct:${sub}`, JSON.stringify({ user_metadata, app_metadata, ...head }));
      const second = await signIn(T + 2000, 'h2');
      assert.ok(second.status === 'ok' && second.user?.sub === sub);
      const again = (await store.getUserRecord(sub))!;
      assert.equal(again.logins_count, 2);
      assert.equal(again.last_login, T + 2000);
      assert.deepEqual(again.user_metadata, made.user.user_metadata);
      assert.equal((await signIn(T + 3000, 'h3')).status, 'ok');
      assert.equal((await store.getUserRecord(sub))!.logins_count, 3);
    } finally {
      raw.disconnect();
      await store.close();
    }
  });

  it('runs the app: 20 parallel verifies of one good code give exactly one success', async () => {
    const store = new RedisStore(url, { prefix: `app${n++}:` });
    const s = await startServer({}, { store });
    try {
      await startEmail(s, 'redis@example.com');
      const code = await s.lastCode('redis@example.com');
      const results = await Promise.all(Array.from({ length: 20 }, () => otpLogin(s, 'redis@example.com', code)));
      assert.equal(results.filter((r) => r.status === 200).length, 1);
      assert.ok(results.every((r) => r.status === 200 || r.status === 403));
      assert.equal((await fetch(`${s.url}/health`)).status, 200);
    } finally {
      await s.app.close();
      await store.close();
    }
  });

  it('runs the app: magic link, PKCE exchange, refresh rotation and reuse', async () => {
    const store = new RedisStore(url, { prefix: `app${n++}:` });
    const s = await startServer({}, { store });
    try {
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const res = await startEmail(s, 'rlink@example.com', {
        send: 'link',
        authParams: {
          redirect_uri: REDIRECT,
          state: 'st',
          scope: 'openid offline_access',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        },
      });
      assert.equal(res.status, 200);
      const [m] = await s.outbox();
      const loc = new URL((await get(m!.link!)).headers.get('location')!);
      assert.equal(loc.searchParams.get('state'), 'st');
      const tokens = await post(`${s.url}/oauth/token`, {
        grant_type: 'authorization_code',
        client_id: 'demo',
        code: loc.searchParams.get('code'),
        code_verifier: verifier,
        redirect_uri: REDIRECT,
      });
      assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
      const refresh = (t: string) =>
        post(`${s.url}/oauth/token`, { grant_type: 'refresh_token', client_id: 'demo', refresh_token: t });
      const second = await refresh(tokens.body.refresh_token);
      assert.equal(second.status, 200);
      assert.equal((await refresh(tokens.body.refresh_token)).status, 403);
      assert.equal((await refresh(second.body.refresh_token)).status, 403, 'family revoked');
      const again = new URL((await get(m!.link!)).headers.get('location')!);
      assert.equal(again.searchParams.get('error'), 'access_denied', 'the link died');
    } finally {
      await s.app.close();
      await store.close();
    }
  });
});
