/**
 * Where a token's signature should run: RS256 (RSA-2048) and ES256 JWS signatures, 20 in flight at
 * a time (as under 10 connections), signed (a) synchronously on the event loop, (b) through the
 * asynchronous `crypto.sign(alg, data, key, callback)` in libuv's thread pool, (c) by a small pool
 * of worker_threads (one per core). Prints signatures per second, the event loop's CPU time per
 * signature (what is left for HTTP, the store and the logs) and its p99 delay. Never fails on a time.
 * Env: SIGN_SECONDS (3), UV_THREADPOOL_SIZE (libuv's default 4).
 *   node --import tsx bench/sign.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

const SECONDS = Number(process.env.SIGN_SECONDS ?? 3);
const IN_FLIGHT = 20;
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;
const data = Buffer.from('x'.repeat(400));
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

type Signer = (key: KeyObject) => Promise<Buffer>;

const syncSigner: Signer = async (key) => sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' });
const poolSigner: Signer = (key) =>
  new Promise((resolve, reject) =>
    sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, (err, sig) => (err ? reject(err) : resolve(sig))),
  );

/** A worker pool: each worker signs what it is sent; requests go round robin. */
function workerSigner(size: number): { signer: Signer; close: () => Promise<void> } {
  const source = `
    const { parentPort } = require('node:worker_threads');
    const { sign } = require('node:crypto');
    parentPort.on('message', ({ id, key, data }) => {
      parentPort.postMessage({ id, sig: sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }) });
    });`;
  const workers = Array.from({ length: size }, () => new Worker(source, { eval: true }));
  const pending = new Map<number, (sig: Buffer) => void>();
  for (const w of workers) {
    w.on('message', ({ id, sig }: { id: number; sig: Uint8Array }) => {
      pending.get(id)!(Buffer.from(sig));
      pending.delete(id);
    });
  }
  let next = 0;
  return {
    signer: (key) =>
      new Promise((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        workers[id % size]!.postMessage({ id, key, data });
      }),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

async function run(name: string, signer: Signer, key: KeyObject) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const until = Date.now() + SECONDS * 1000;
  let done = 0;
  const cpu0 = process.cpuUsage();
  const thread0 = mainThreadCpuUs();
  delay.enable();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (Date.now() < until) {
        await signer(key);
        done++;
      }
    }),
  );
  const ms = performance.now() - t0;
  delay.disable();
  const cpu = process.cpuUsage(cpu0);
  const thread1 = mainThreadCpuUs();
  return {
    signer: name,
    alg: key.asymmetricKeyType === 'rsa' ? 'RS256' : 'ES256',
    'signs/s': Math.round((done / ms) * 1000),
    'process CPU µs/sign': ((cpu.user + cpu.system) / done).toFixed(0),
    'event loop CPU µs/sign': thread0 !== null && thread1 !== null ? ((thread1 - thread0) / done).toFixed(1) : '-',
    // A synchronous signer never yields to timers, so there is no delay to sample: it is the loop.
    'loop delay p99 ms': name.startsWith('sync') ? '(blocked)' : (delay.percentile(99) / 1e6).toFixed(1),
  };
}

/** The main thread's CPU time (user + system) in µs, from /proc (Linux); null elsewhere. */
function mainThreadCpuUs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

const workers = workerSigner(availableParallelism());
const rows = [];
for (const key of [rsa, ec]) {
  // Warm-up, then each signer twice in alternation.
  await run('warm-up', poolSigner, key);
  for (let round = 0; round < 2; round++) {
    rows.push(await run('sync (event loop)', syncSigner, key));
    rows.push(
      await run(`crypto.sign callback (UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? 4})`, poolSigner, key),
    );
    rows.push(await run(`worker_threads pool (${availableParallelism()})`, workers.signer, key));
  }
}
await workers.close();
console.log(
  `signing: ${IN_FLIGHT} in flight, ${SECONDS} s a row, Node ${process.version}, ${availableParallelism()} cores, ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);
console.table(rows);
