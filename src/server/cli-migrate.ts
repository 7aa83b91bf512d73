/**
 * `passwordless-server migrate --config server.json [--json]`: applies the store's schema
 * migrations and exits, for deployments that migrate before rolling out new API processes. The
 * server applies them at start too (under the same advisory lock), so this is never required.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from './config.js';
import { readConfig, type CliIo } from './cli-users.js';
import { LATEST_VERSION } from './store/postgres-migrations.js';
import { PostgresStore } from './store/postgres.js';
import { SqliteStore } from './store/sqlite.js';

export const MIGRATE_USAGE = `Usage: passwordless-server migrate --config <server.json> [--json]

Applies the missing schema migrations of the configured store and exits. PostgreSQL: the numbered
migrations, once, however many processes run this (or start) at the same time. SQLite: the file's
schema. Redis has no schema. Exit status: 0 done, 1 the store failed, 2 bad usage or config.`;

/** Runs the command; returns the exit status. */
export async function runMigrateCli(argv: string[], io: CliIo): Promise<number> {
  let values: { config?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        config: { type: 'string', short: 'c' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    io.err(`passwordless-server migrate: ${(err as Error).message}\n\n${MIGRATE_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(MIGRATE_USAGE);
    return 0;
  }
  if (!values.config) {
    io.err(`passwordless-server migrate: --config <server.json> is required.\n\n${MIGRATE_USAGE}`);
    return 2;
  }
  let config;
  try {
    config = readConfig(values.config);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.err(`passwordless-server migrate: invalid configuration: ${err.message}`);
    return 2;
  }
  const s = config.store;
  const report = (result: Record<string, unknown>, text: string) => io.out(values.json ? JSON.stringify(result) : text);
  if (s.type === 'redis') {
    report({ store: 'redis', applied: [] }, 'store.type is redis: there is no schema to migrate.');
    return 0;
  }
  if (s.type === 'sqlite') {
    new SqliteStore(s.path).close();
    report({ store: 'sqlite', applied: [] }, `SQLite schema of ${s.path} is up to date.`);
    return 0;
  }
  const store = new PostgresStore(s.url, {
    pool: 1,
    ssl: s.ssl,
    statementTimeoutMs: s.statement_timeout,
    migrate: false,
  });
  try {
    const { applied, version } = await store.db.migrate();
    report(
      { store: 'postgres', applied, version, latest: LATEST_VERSION },
      applied.length > 0
        ? `applied migrations ${applied.join(', ')}: the schema is at version ${version}.`
        : `nothing to apply: the schema is at version ${version}.`,
    );
    return 0;
  } catch (err) {
    io.err(`passwordless-server migrate: ${(err as Error).message}`);
    return 1;
  } finally {
    await store.close();
  }
}
