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
