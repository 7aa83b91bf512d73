/**
 * `passwordless-server --workers N`: one process per core on one machine (node:cluster). The
 * primary serves nothing itself: it makes the signing keys once (generated and stored on a fresh
 * store, exactly as one process would), then forks N workers, which share the listening socket
 * (the primary hands connections out round robin) and the configured store, SQLite file or Redis.
 * Everything that must hold across processes already lives in the store, in one transaction or
 * script: rate limits, lockouts, single use of codes and refresh tokens, key rotation. A worker that
 * dies is replaced; SIGTERM or SIGINT to the primary stops every worker gracefully, then the primary.
 * Each worker's thread pool, where tokens are signed, gets its share of the cores (threadpool.ts)
 * unless UV_THREADPOOL_SIZE is set.
 */
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import type { ServerConfig } from './config.js';
import { reduceMemoryWhenIdle } from './idle-gc.js';
import { loadKeys } from './keys.js';
import { openStore } from './store/open.js';
import { threadPoolSize } from './threadpool.js';

export const isClusterWorker = () => cluster.isWorker;

/** `--workers`: a count, or `auto` for one per core. Undefined when the option is absent. */
export function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value === 'auto') return availableParallelism();
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 256) throw new Error('--workers must be a count from 1 to 256, or auto');
  return n;
}

/** A worker that dies sooner than this after its start is not replaced (it would only die again). */
const MIN_UPTIME_MS = 5_000;

/**
 * Runs the primary: keys first, then `workers` forks of this same command line (cluster.fork runs
 * process.argv again with the same execArgv). Resolves once every worker listens; the primary then
 * stays up to replace and stop them.
 */
export async function runPrimary(config: ServerConfig, workers: number, log: Logger): Promise<void> {
  // Keys made once, here, before any worker exists: N workers racing on a fresh store would each
  // generate an RSA key to throw all but one away (setValueIfAbsent keeps the first).
  const store = await openStore(config);
  try {
    await loadKeys(store, config);
  } finally {
    await store.close();
  }
  const env: Record<string, string> = {};
  if (process.env.UV_THREADPOOL_SIZE === undefined) env.UV_THREADPOOL_SIZE = String(threadPoolSize(workers));
  let stopping = false;
  const started = new Map<Worker, number>();
  const fork = () => {
    const worker = cluster.fork(env);
    started.set(worker, Date.now());
    return worker;
  };
  cluster.on('exit', (worker, code, signal) => {
    const uptime = Date.now() - (started.get(worker) ?? 0);
    started.delete(worker);
    if (stopping) return;
    const how = signal ?? `code ${code}`;
    if (uptime < MIN_UPTIME_MS) {
      log.fatal(`worker ${worker.process.pid} exited (${how}) ${uptime} ms after its start: stopping`);
      void stop(1);
      return;
    }
    log.error(`worker ${worker.process.pid} exited (${how}): starting another`);
    fork();
  });
  const stop = async (code: number) => {
    stopping = true;
    const gone = [...started.keys()].map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.isDead()) return resolve();
          w.once('exit', () => resolve());
          // SIGTERM: each worker closes its server and store as a single process would.
          w.process.kill('SIGTERM');
        }),
    );
    await Promise.all(gone);
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log.info(`${signal}: stopping ${started.size} workers`);
      void stop(0);
    });
  }
  const listening = Array.from({ length: workers }, () => {
    const worker = fork();
    return new Promise<void>((resolve, reject) => {
      worker.once('listening', () => resolve());
      worker.once('exit', () => reject(new Error(`worker ${worker.process.pid} exited before it listened`)));
    });
  });
  await Promise.all(listening);
  // The primary's start (config, keys) grew its young generation too: give it back once quiet.
  reduceMemoryWhenIdle();
  log.info(
    `${workers} workers listening (pids ${[...started.keys()].map((w) => w.process.pid).join(', ')}), ` +
      `thread pool ${env.UV_THREADPOOL_SIZE ?? process.env.UV_THREADPOOL_SIZE} each`,
  );
}
