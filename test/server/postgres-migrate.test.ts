/**
 * PostgreSQL migrations: many processes starting at once apply each migration exactly once, a
 * schema of an earlier version is upgraded with its data kept, and `passwordless-server migrate`
 * does the same from the command line. Starts its own throwaway cluster.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { runMigrateCli } from '../../src/server/cli-migrate.js';
import { LATEST_VERSION, MIGRATIONS, migrate } from '../../src/server/store/postgres-migrations.js';
import { BEGIN_STARTS_SQL, PostgresStore, startItem } from '../../src/server/store/postgres.js';
import { baseConfig } from './helpers.js';
import { startPostgres, skipWithoutPostgres, type PostgresServer } from './postgres-server.js';
import { challenge } from './store-contract.js';
import { rotationStatus } from './user-store-contract.js';

const T0 = 1_900_000_000_000;

describe('postgres migrations', { skip: skipWithoutPostgres }, () => {
  let server: PostgresServer | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'pwl-migrate-'));
  before(async () => {
    server = await startPostgres();
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const configFile = (name: string, url: string) => {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, JSON.stringify(baseConfig({ store: { type: 'postgres', url } })));
    return path;
  };

  const versions = async (url: string) => {
    const client = new pg.Client(url);
    await client.connect();
    try {
      return (
        await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')
      ).rows.map((r) => r.version);
    } finally {
      await client.end();
    }
  };

  it('applies each migration once when six processes migrate at the same moment', async () => {
    const url = await server!.createDatabase('concurrent');
    // Each process imports only the store (a small module graph: the machine is busy), says it is
    // ready, and migrates when told to: all six are let go at once.
    const store = JSON.stringify(new URL('../../src/server/store/postgres.ts', import.meta.url).href);
    const child = `const { PostgresStore } = await import(${store});
      const { once } = await import('node:events');
      const s = new PostgresStore(process.argv[1], { migrate: false });
      console.log('ready');
      await once(process.stdin, 'data');
      console.log(JSON.stringify(await s.db.migrate()));
      await s.close();`;
    const children = Array.from({ length: 6 }, () =>
      spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child, url]),
    );
    const outputs = children.map((c) => {
      let text = '';
      c.stdout.on('data', (d: Buffer) => (text += String(d)));
      return { ready: once(c.stdout, 'data'), done: once(c, 'exit').then(() => text) };
    });
    await Promise.all(outputs.map((o) => o.ready));
    for (const c of children) c.stdin.end('go\n');
    const texts = await Promise.all(outputs.map((o) => o.done));
    const results = texts.map((t) => JSON.parse(t.split('\n')[1]!) as { applied: number[]; version: number });
    const all = MIGRATIONS.map((m) => m.version);
    assert.equal(results.filter((r) => r.applied.length > 0).length, 1, JSON.stringify(results));
    assert.deepEqual(results.find((r) => r.applied.length > 0)!.applied, all);
    assert.ok(results.every((r) => r.version === LATEST_VERSION));
    assert.deepEqual(await versions(url), all);
  });

  it('lets ten stores that start at once on a new database all work', async () => {
    const url = await server!.createDatabase('stores');
    const stores = Array.from({ length: 10 }, () => new PostgresStore(url, { pool: 2 }));
    try {
      await Promise.all(stores.map((s, i) => s.setValueIfAbsent('first', String(i))));
      const values = await Promise.all(stores.map((s) => s.getValue('first')));
      assert.equal(new Set(values).size, 1);
      assert.deepEqual(
        await versions(url),
        MIGRATIONS.map((m) => m.version),
      );
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('keeps reading rate counters by key in a connection whose plans were made while the table was empty', async () => {
    // PL/pgSQL keeps a plan per statement for the life of a connection. Made while rate_counters
    // was empty (statistics from an ANALYZE of it), a plan that scans the whole table stayed as the
    // table grew (migration 9).
    const url = await server!.createDatabase('plans');
    const store = new PostgresStore(url);
    const client = new pg.Client(url);
    await client.connect();
    try {
      await store.whenMigrated();
      await client.query('ANALYZE');
      let serial = 0;
      const group = () => {
        const items = [0, 1].map(() => {
          const identifier = `plan${++serial}@example.com`;
          return startItem({
            now: T0,
            input: {
              lockKey: `lock:email:${identifier}`,
              rules: [
                { key: 'start:ip:127.0.0.1', windowMs: 3600_000, limit: 1e9 },
                { key: `start:toN:email:${identifier}`, windowMs: 3600_000, limit: 5 },
              ],
              challenge: challenge({ id: `c${serial}`, identifier }),
            },
          });
        });
        return client.query(BEGIN_STARTS_SQL, [JSON.stringify(items)]);
      };
      // Past the five calls after which the connection's plans are generic, on the empty table.
      for (let i = 0; i < 10; i++) await group();
      await client.query(
        `INSERT INTO rate_counters (key, count, window_ends_at)
           SELECT 'other:' || g, 1, $1 FROM generate_series(1, 20000) AS g`,
        [T0 + 3600_000],
      );
      const scans = async () =>
        Number(
          (await client.query<{ n: string }>(`SELECT pg_stat_get_xact_numscans('rate_counters'::regclass)::text AS n`))
            .rows[0]!.n,
        );
      await client.query('BEGIN');
      const before = await scans();
      for (let i = 0; i < 10; i++) await group();
      const seqScans = (await scans()) - before;
      await client.query('COMMIT');
      assert.equal(seqScans, 0, 'sequential scans of rate_counters by ten groups of starts');
      // And the starts counted: the IP's counter holds all 40.
      const ip = await client.query<{ count: number }>(
        `SELECT count FROM rate_counters WHERE key = 'start:ip:127.0.0.1'`,
      );
      assert.equal(ip.rows[0]!.count, 40);
    } finally {
      await client.end();
      await store.close();
    }
  });

  it('upgrades a schema of version 1 and keeps its users, tokens and limits', async () => {
    const url = await server!.createDatabase('upgrade');
    const client = new pg.Client(url);
    await client.connect();
    try {
      assert.deepEqual((await migrate(client, 1)).applied, [1]);
      // What a version-1 server wrote.
      await client.query(`INSERT INTO accounts (user_id, email_verified, created_at, updated_at, logins_count,
        user_metadata) VALUES ('email|0123456789abcdef01234567', true, ${T0}, ${T0}, 3, '{"plan":"pro"}')`);
      await client.query(`INSERT INTO identities VALUES ('email', 'old@example.com', '0123456789abcdef01234567',
        'email|0123456789abcdef01234567', 0)`);
      await client.query(`INSERT INTO refresh_tokens (hash, family_id, client_id, sub, scope, created_at, expires_at)
        VALUES ('rt', 'fam', 'demo', 'email|0123456789abcdef01234567', 'openid offline_access', ${T0}, ${T0 + 1e9})`);
      await client.query(`INSERT INTO failures (key, count) VALUES ('lock:old', 2)`);
    } finally {
      await client.end();
    }
    const store = new PostgresStore(url);
    try {
      const user = await store.loginUser('email', 'old@example.com', T0 + 10, false);
      assert.equal(user?.sub, 'email|0123456789abcdef01234567');
      const record = await store.getUserRecord(user!.sub);
      assert.equal(record?.logins_count, 4);
      assert.deepEqual(record?.user_metadata, { plan: 'pro' });
      assert.equal(await rotationStatus(store, 'rt', 'rt2', T0 + 20, T0 + 2e9), 'ok');
      // Two failures were already counted: the third locks at three.
      assert.equal(await store.recordFailure('lock:old', T0, 3, 1000), T0 + 1000);
      assert.deepEqual(
        await versions(url),
        MIGRATIONS.map((m) => m.version),
      );
      const indexes = await store.db.q<{ indexname: string }>(
        "SELECT indexname FROM pg_indexes WHERE indexname = 'challenges_expiry'",
      );
      assert.equal(indexes.length, 1, 'version 2 added the expiry indexes');
    } finally {
      await store.close();
    }
  });

  it('says what it applied, then that there is nothing to apply', async () => {
    const url = await server!.createDatabase('cli');
    const config = configFile('cli', url);
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(`ERR ${t}`) };
    assert.equal(await runMigrateCli(['--config', config], io), 0);
    assert.equal(await runMigrateCli(['--config', config], io), 0);
    assert.deepEqual(out, [
      `applied migrations ${MIGRATIONS.map((m) => m.version).join(', ')}: the schema is at version ${LATEST_VERSION}.`,
      `nothing to apply: the schema is at version ${LATEST_VERSION}.`,
    ]);
    out.length = 0;
    assert.equal(await runMigrateCli([], io), 2);
    assert.match(out[0]!, /--config <server.json> is required/);
  });

  it('answers exit status 1 with the reason when the database cannot be reached', async () => {
    const config = configFile('down', 'postgres://postgres@127.0.0.1:1/nothing');
    const err: string[] = [];
    assert.equal(await runMigrateCli(['--config', config], { out: () => {}, err: (t) => err.push(t) }), 1);
    assert.match(err[0]!, /^passwordless-server migrate: .*ECONNREFUSED/);
  });
});
