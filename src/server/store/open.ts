/**
 * Opens the store a config names: SQLite (the default), Redis or PostgreSQL. Used by the server
 * and by the CLI, so both open the same store the same way. Each kind is imported only when
 * configured: a SQLite deployment never loads the Redis or PostgreSQL client (ioredis and its
 * dependencies are about 4 MiB of heap), and a network store never opens better-sqlite3.
 */
import type { ServerConfig } from '../config.js';
import type { Store } from './types.js';

/** `onStatus` is told when a network store becomes unreachable and when it is back. */
export async function openStore(
  config: ServerConfig,
  onStatus?: (status: 'down' | 'up', err?: Error) => void,
): Promise<Store> {
  const s = config.store;
  switch (s.type) {
    case 'redis': {
      const { RedisStore } = await import('./redis.js');
      return new RedisStore(s.url, { prefix: s.prefix, ...(onStatus ? { onStatus } : {}) });
    }
    case 'postgres': {
      const { PostgresStore } = await import('./postgres.js');
      return new PostgresStore(s.url, { pool: s.pool, ssl: s.ssl, statementTimeoutMs: s.statement_timeout, onStatus });
    }
    default: {
      const { SqliteStore } = await import('./sqlite.js');
      return new SqliteStore(s.path);
    }
  }
}
