/**
 * `passwordless-server migrate --config server.json [--json]`: applies the store's schema
 * migrations and exits, for deployments that migrate before rolling out new API processes. The
 * server applies them at start too (under the same advisory lock), so this is never required.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from './config.js';
import { readConfig, type CliIo } from './cli-users.js';
import { migrateStore } from './store/open.js';

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
  let result;
  try {
    result = await migrateStore(config);
  } catch (err) {
    io.err(`passwordless-server migrate: ${(err as Error).message}`);
    return 1;
  }
  const text =
    result.store === 'redis'
      ? 'store.type is redis: there is no schema to migrate.'
      : result.store === 'sqlite'
        ? `SQLite schema of ${(config.store as { path: string }).path} is up to date.`
        : result.applied.length > 0
          ? `applied migrations ${result.applied.join(', ')}: the schema is at version ${result.version}.`
          : `nothing to apply: the schema is at version ${result.version}.`;
  io.out(values.json ? JSON.stringify(result) : text);
  return 0;
}
