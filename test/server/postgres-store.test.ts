/**
 * The PostgreSQL store passes the same contracts as SQLite and Redis, runs two API servers on one
 * database, applies its migrations once however many processes start at once, and upgrades a
 * schema of an earlier version. Starts its own throwaway cluster (skipped when PostgreSQL is
 * missing).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PostgresStore, PURGE_BATCH } from '../../src/server/store/postgres.js';
import { startPostgres, skipWithoutPostgres, type PostgresServer } from './postgres-server.js';
import { sharedStoreChecks } from './shared-store.js';
import { storeContract } from './store-contract.js';

let pg: PostgresServer | undefined;
let url = '';
let n = 0;

describe('postgres store', { skip: skipWithoutPostgres }, () => {
  before(async () => {
    pg = await startPostgres();
    url = pg.url;
  });
  after(async () => {
    await pg?.stop();
  });

  // Each store gets its own schema, so the contract's cases stay independent.
  storeContract('postgres', () => new PostgresStore(url, { schema: `t${n++}` }));

  it('purges what ended in batches and keeps what lives', async () => {
    const store = new PostgresStore(url, { schema: `purge${n++}` });
    try {
      const T0 = 1_900_000_000_000;
      const rows = PURGE_BATCH * 2 + 17;
      // Expired access tokens and sessions, in bulk, beside live ones.
      await store.db.q(
        `INSERT INTO access_tokens (hash, grant_id, client_id, sub, scope, created_at, expires_at)
           SELECT 'old' || i, 'g', 'demo', 'email|1', 'openid', $1::bigint, $1::bigint + 1 FROM generate_series(1, $2) i`,
        [T0, rows],
      );
      await store.db.q(
        `INSERT INTO records (kind, id, value, expires_at) SELECT 'session', 's' || i, 'v', $1::bigint + 1
           FROM generate_series(1, $2) i`,
        [T0, rows],
      );
      await store.createAccessToken({
        hash: 'live',
        grant_id: 'g',
        client_id: 'demo',
        sub: 'email|1',
        scope: 'openid',
        created_at: T0,
        expires_at: T0 + 3_600_000,
      });
      await store.putRecord('session', 'live', 'L', T0 + 3_600_000);
      assert.equal(await store.purgeExpired(T0 + 1000, 86_400_000), rows * 2);
      assert.equal((await store.getAccessToken('live', T0 + 1000))?.hash, 'live');
      assert.equal(await store.getRecord('session', 'live', T0 + 1000), 'L');
      const [left] = await store.db.q<{ n: number }>('SELECT COUNT(*) AS n FROM access_tokens');
      assert.equal(left!.n, 1);
      assert.equal(await store.purgeExpired(T0 + 1000, 86_400_000), 0);
    } finally {
      await store.close();
    }
  });

  // Two servers, two pools, one schema per check.
  let m = 0;
  sharedStoreChecks('postgres', () => new PostgresStore(url, { schema: `two${Math.floor(m++ / 2)}` }));
});
