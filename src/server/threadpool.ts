/**
 * The size of libuv's thread pool, where token signatures run (jwt.ts) beside file-system and DNS
 * work. libuv reads UV_THREADPOOL_SIZE once, when the pool is first used, and Node's ESM loader
 * already uses it to read the entry module: so a process cannot size its own pool from an ES module.
 * The size is therefore given to a process in its environment: `--workers N` (cluster.ts) sets it for
 * each worker it forks; a single process keeps libuv's default of 4 unless the environment sets it
 * (docs/performance.md says when to).
 */
import { availableParallelism } from 'node:os';

/** libuv's own default. */
export const LIBUV_DEFAULT_POOL = 4;

/**
 * The pool size for one of `processes` processes sharing this machine's cores: a signature is CPU
 * work, so threads beyond a process's share of the cores only queue; never fewer than libuv's 4,
 * which also keep a slow disk or DNS answer from holding the signatures up.
 */
export function threadPoolSize(processes: number, cores = availableParallelism()): number {
  return Math.max(LIBUV_DEFAULT_POOL, Math.ceil(cores / Math.max(1, processes)));
}
