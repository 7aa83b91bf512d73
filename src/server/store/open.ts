/**
 * Opens the configured store. Each kind is imported only when configured: a SQLite deployment never
 * loads the Redis client (ioredis and its dependencies, about 4 MiB of heap), and a Redis one never
 * opens better-sqlite3.
 */
import type { ServerConfig } from '../config.js';
import type { RedisStoreOptions } from './redis.js';
import type { Store } from './types.js';

export async function openStore(config: ServerConfig, onStatus?: RedisStoreOptions['onStatus']): Promise<Store> {
  if (config.store.type === 'redis') {
    const { RedisStore } = await import('./redis.js');
    return new RedisStore(config.store.url, { prefix: config.store.prefix, ...(onStatus ? { onStatus } : {}) });
  }
  const { SqliteStore } = await import('./sqlite.js');
  return new SqliteStore(config.store.path);
}
