/**
 * The store a config names: SQLite (the default), Redis or PostgreSQL. Used by the server and by
 * the CLI, so both open the same store the same way.
 */
import type { ServerConfig } from '../config.js';
import { PostgresStore } from './postgres.js';
import { RedisStore } from './redis.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './types.js';

/** `onStatus` is told when a network store becomes unreachable and when it is back. */
export function openStore(config: ServerConfig, onStatus?: (status: 'down' | 'up', err?: Error) => void): Store {
  const s = config.store;
  switch (s.type) {
    case 'redis':
      return new RedisStore(s.url, { prefix: s.prefix, onStatus });
    case 'postgres':
      return new PostgresStore(s.url, { pool: s.pool, ssl: s.ssl, statementTimeoutMs: s.statement_timeout, onStatus });
    default:
      return new SqliteStore(s.path);
  }
}
