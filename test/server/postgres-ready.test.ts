/**
 * Issues 23 and 24: readiness while the PostgreSQL store migrates at start. The CLI in its own
 * process on a new database of a throwaway cluster, while another connection holds the migration
 * advisory lock (as a second process migrating, or a long index build, would): the listener is
 * open, /health answers 200 (the process is alive and the database answers), /ready and every
 * other route answer 503 `temporarily_unavailable` with a reason and Retry-After, and nothing is
 * migrated. Once the lock is let go the migrations apply, /ready turns 200 and a sign-in works.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { cliConfig, removeDir, startCli, tempDir, type CliServer } from './cli-process.js';
import { waitFor } from './outage-helpers.js';
import { skipWithoutPostgres, startPostgres, type PostgresServer } from './postgres-server.js';

/** The lock `migrate` takes (src/server/store/postgres-migrations.ts), for the default schema. */
const MIGRATION_LOCK = `SELECT pg_advisory_xact_lock(hashtextextended('passwordless-login migrations ' || current_schema(), 0))`;

async function getJson(url: string, init: RequestInit = {}) {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(8000) });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as Record<string, unknown>,
  };
}

const start = (email: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ client_id: 'demo', connection: 'email', send: 'code', email }),
});

describe('PostgreSQL: /ready while the store migrates at start (CLI)', { skip: skipWithoutPostgres }, () => {
  let cluster: PostgresServer;
  const dirs: string[] = [];
  const servers: CliServer[] = [];

  before(async () => {
    cluster = await startPostgres();
  });

  after(async () => {
    for (const s of servers) await s.cleanup();
    for (const d of dirs) removeDir(d);
    await cluster?.stop();
  });

  it('answers 503 temporarily_unavailable "The store is migrating." until the migration lock is free, then serves', async () => {
    const url = await cluster.createDatabase('ready_migrating');
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(MIGRATION_LOCK);

      const dir = tempDir('pg-ready');
      dirs.push(dir);
      // startCli waits for /health: liveness answers while the migration waits.
      const server = await startCli(dir, cliConfig(dir, { store: { type: 'postgres', url } }));
      servers.push(server);

      const health = await getJson(`${server.url}/health`);
      assert.equal(health.status, 200);

      const ready = await getJson(`${server.url}/ready`);
      assert.equal(ready.status, 503);
      assert.deepEqual(ready.body, {
        error: 'temporarily_unavailable',
        error_description: 'The store is migrating.',
      });
      assert.ok(Number(ready.retryAfter) >= 1, `Retry-After: ${ready.retryAfter}`);

      // Every other route says the same, in the usual error shape, and does not wait for the lock.
      for (const [path, init] of [
        ['/passwordless/start', start('early@example.com')],
        ['/.well-known/jwks.json', {}],
      ] as const) {
        const r = await getJson(`${server.url}${path}`, init);
        assert.equal(r.status, 503, path);
        assert.equal(r.body.error, 'temporarily_unavailable', path);
        assert.match(String(r.body.error_description), /The store is migrating\. Try again\./, path);
        assert.ok(r.retryAfter, `${path}: Retry-After`);
      }

      // Nothing was migrated while the lock was held.
      const tables = await holder.query("SELECT to_regclass('schema_migrations') AS t");
      assert.equal(tables.rows[0].t, null);
    } finally {
      await holder.query('COMMIT').catch(() => {});
      await holder.end();
    }

    const server = servers.at(-1)!;
    await waitFor(async () => (await fetch(`${server.url}/ready`)).status === 200, 30_000);
    const ready = await getJson(`${server.url}/ready`);
    assert.deepEqual(ready.body, { status: 'ready' });

    const started = await getJson(`${server.url}/passwordless/start`, start('after@example.com'));
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const jwks = await getJson(`${server.url}/.well-known/jwks.json`);
    assert.equal((jwks.body.keys as unknown[]).length, 2);

    const check = new pg.Client({ connectionString: url });
    await check.connect();
    try {
      const versions = await check.query<{ n: string }>('SELECT count(*) AS n FROM schema_migrations');
      assert.ok(Number(versions.rows[0]!.n) >= 1);
    } finally {
      await check.end();
    }
  });

  it('still refuses to start on a signing key file it cannot read, before any migration', async () => {
    const url = await cluster.createDatabase('ready_bad_key');
    const dir = tempDir('pg-ready-key');
    dirs.push(dir);
    const server = await startCli(
      dir,
      cliConfig(dir, { store: { type: 'postgres', url }, signing_key_file: `${dir}/missing.pem` }),
      { wait: false },
    );
    servers.push(server);
    assert.equal(await server.exited, 2, server.proc.output());
    assert.match(server.proc.output(), /signing_key_file: cannot read .*missing\.pem \(ENOENT\)/);
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    try {
      const tables = await check.query("SELECT to_regclass('schema_migrations') AS t");
      assert.equal(tables.rows[0].t, null);
    } finally {
      await check.end();
    }
  });
});
