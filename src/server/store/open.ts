/**
 * Opens the store a config names: SQLite (the default), Redis or PostgreSQL. The one place that
 * chooses a store: the server, the users CLI and `passwordless-server migrate` all come here, so
 * each opens the same store the same way. Each kind is imported only when configured: a SQLite
 * deployment never loads the Redis or PostgreSQL client (ioredis and its dependencies are about
 * 4 MiB of heap), and a network store never opens better-sqlite3.
 */
import type { ServerConfig } from '../config.js';
import type { PostgresOptions } from './postgres-db.js';
import type { Store } from './types.js';

type StoreConfig = ServerConfig['store'];
type StatusListener = (status: 'down' | 'up', err?: Error) => void;

const postgresOptions = (s: Extract<StoreConfig, { type: 'postgres' }>): PostgresOptions => ({
  pool: s.pool,
  ssl: s.ssl,
  statementTimeoutMs: s.statement_timeout,
});

/** `onStatus` is told when a network store becomes unreachable and when it is back. */
export async function openStore(config: ServerConfig, onStatus?: StatusListener): Promise<Store> {
  const s = config.store;
  switch (s.type) {
    case 'redis': {
      const { RedisStore } = await import('./redis.js');
      return new RedisStore(s.url, { prefix: s.prefix, ...(onStatus ? { onStatus } : {}) });
    }
    case 'postgres': {
      const { PostgresStore } = await import('./postgres.js');
      return new PostgresStore(s.url, { ...postgresOptions(s), onStatus });
    }
    default: {
      const { SqliteStore } = await import('./sqlite.js');
      return new SqliteStore(s.path);
    }
  }
}

/** What migrating the configured store did (`passwordless-server migrate`). */
export type MigrateOutcome =
  | { store: 'redis'; applied: [] }
  | { store: 'sqlite'; applied: [] }
  | { store: 'postgres'; applied: number[]; version: number; latest: number };

/**
 * Applies the configured store's missing schema migrations and closes it. PostgreSQL: the numbered
 * migrations on one connection, under the advisory lock the server takes at start too. SQLite: the
 * file's schema (opening the file applies it). Redis has no schema.
 */
export async function migrateStore(config: ServerConfig): Promise<MigrateOutcome> {
  const s = config.store;
  switch (s.type) {
    case 'redis':
      return { store: 'redis', applied: [] };
    case 'postgres': {
      const [{ PostgresStore }, { LATEST_VERSION }] = await Promise.all([
        import('./postgres.js'),
        import('./postgres-migrations.js'),
      ]);
      const store = new PostgresStore(s.url, { ...postgresOptions(s), pool: 1, migrate: false });
      try {
        const { applied, version } = await store.db.migrate();
        return { store: 'postgres', applied, version, latest: LATEST_VERSION };
      } finally {
        await store.close();
      }
    }
    default: {
      const { SqliteStore } = await import('./sqlite.js');
      new SqliteStore(s.path).close();
      return { store: 'sqlite', applied: [] };
    }
  }
}
