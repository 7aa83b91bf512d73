/**
 * The PostgreSQL store passes the same contracts as SQLite and Redis, runs two API servers on one
 * database, applies its migrations once however many processes start at once, and upgrades a
 * schema of an earlier version. Starts its own throwaway cluster (skipped when PostgreSQL is
 * missing).
 */
import { after, before, describe } from 'node:test';
import { PostgresStore } from '../../src/server/store/postgres.js';
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

  // Two servers, two pools, one schema per check.
  let m = 0;
  sharedStoreChecks('postgres', () => new PostgresStore(url, { schema: `two${Math.floor(m++ / 2)}` }));
});
