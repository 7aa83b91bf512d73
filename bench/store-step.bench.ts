/**
 * `node --import tsx bench/store-step.bench.ts`: what the store step of a start costs, in process,
 * without HTTP: SQLite's and PostgreSQL's `beginStart` (the server's own store code, the starts
 * grouped as the server groups them), and PostgreSQL's floor: the least a start must write
 * durably, the same way grouped, as one plain statement per group (the challenge row, the client
 * IP's counter and the recipient's two counters; no lock check, no account check, no
 * supersession, no limit check). Per start: this process's CPU (the store code and the `pg`
 * client) and, on PostgreSQL, the cluster's (postmaster and backends, from /proc); all starts come
 * from one client IP, each to a new recipient, as in `npm run bench:server`'s start row. The
 * cluster runs with its durable defaults (fsync and synchronous_commit on).
 * Env: STEP_STARTS (4000 per round), STEP_CONCURRENCY (10), STEP_ROUNDS (3; the stores alternate),
 * STEP_KINDS (the rows to run, by a word of their names: `sqlite,postgres,floor`, all by default; e.g.
 * `postgres` alone under `node --cpu-prof`), STEP_DIRECT (group sizes, `1,3,10`; empty: none): the
 * database's functions called directly on one connection, in interleaved rounds, with that one
 * backend's own CPU time (`/proc/<pid>/schedstat`, nanoseconds: steadier on a shared machine than
 * the cluster's CPU, which counts every backend and helper) per start: `pwl_begin_starts` with
 * groups of each size, and `pwl_begin_start` (a group of one as the server runs it).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  BEGIN_START_SQL,
  BEGIN_STARTS_SQL,
  beginStartValues,
  PostgresStore,
  startItem,
} from '../src/server/store/postgres.js';
import { SqliteStore } from '../src/server/store/sqlite.js';
import type { StartInput } from '../src/server/store/types.js';
import { startPostgres } from '../test/server/postgres-server.js';
import { clusterCpuUs, postmasterOf } from './server/proc.js';

const STARTS = Number(process.env.STEP_STARTS ?? 4000);
const CONCURRENCY = Number(process.env.STEP_CONCURRENCY ?? 10);
const ROUNDS = Number(process.env.STEP_ROUNDS ?? 3);
const GROUP_MAX = 64;
const KINDS = (process.env.STEP_KINDS ?? 'sqlite,postgres,floor').split(',');
const DIRECT = (process.env.STEP_DIRECT ?? '1,3,10').split(',').filter(Boolean).map(Number);

let serial = 0;
function startInput(now: number): StartInput {
  const identifier = `step${++serial}-${now}@example.com`;
  return {
    lockKey: `lock:email:${identifier}`,
    rules: [
      { key: 'start:ip:127.0.0.1', windowMs: 3600_000, limit: 1e9 },
      { key: `start:to1:email:${identifier}`, windowMs: 30_000, limit: 1 },
      { key: `start:toN:email:${identifier}`, windowMs: 3600_000, limit: 5 },
    ],
    challenge: {
      id: `c${serial}-${now}`,
      client_id: 'app',
      connection: 'email',
      identifier,
      code_hash: 'h'.repeat(43),
      link_hash: null,
      send: 'code',
      auth_params: null,
      created_at: now,
      code_expires_at: now + 300_000,
      link_expires_at: null,
      max_attempts: 3,
    },
  };
}

interface Figures {
  perSecond: number;
  nodeUs: number;
  dbUs: number | null;
}

/** STARTS starts through `step`, CONCURRENCY at a time; CPU per start. */
async function run(step: (input: StartInput) => Promise<unknown>, postmaster?: number): Promise<Figures> {
  let left = STARTS;
  const db0 = clusterCpuUs(postmaster);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) await step(startInput(Date.now()));
    }),
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const db1 = clusterCpuUs(postmaster);
  return {
    perSecond: (STARTS * 1000) / ms,
    nodeUs: (cpu.user + cpu.system) / STARTS,
    dbUs: db0 === null || db1 === null ? null : (db1 - db0) / STARTS,
  };
}

/** The floor: the starts queued while a group is in the database go as the next group, one plain statement. */
function floorStep(pool: pg.Pool): (input: StartInput) => Promise<void> {
  const queue: { input: StartInput; done: (err?: unknown) => void }[] = [];
  let busy = false;
  const flush = async (): Promise<void> => {
    if (busy || queue.length === 0) return;
    busy = true;
    const group = queue.splice(0, GROUP_MAX);
    const c = group.map((g) => g.input.challenge);
    const recipientKeys = group.flatMap((g) => g.input.rules.slice(1).map((r) => r.key));
    try {
      await pool.query({
        name: 'floor',
        text: `WITH c AS (
                 INSERT INTO floor_challenges (id, identifier, code_hash, expires_at)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]))
               INSERT INTO floor_counters AS f (key, count, window_ends_at)
                 SELECT k, n, $5::bigint FROM unnest($6::text[], $7::int[]) AS u(k, n)
               ON CONFLICT (key) DO UPDATE SET count = f.count + excluded.count`,
        values: [
          c.map((x) => x.id),
          c.map((x) => x.identifier),
          c.map((x) => x.code_hash),
          c.map((x) => x.code_expires_at),
          Date.now() + 3600_000,
          ['start:ip:127.0.0.1', ...recipientKeys],
          [group.length, ...recipientKeys.map(() => 1)],
        ],
      });
      for (const g of group) g.done();
    } catch (err) {
      for (const g of group) g.done(err);
    }
    busy = false;
    setImmediate(() => void flush());
  };
  return (input) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ input, done: (err) => (err ? reject(err) : resolve()) });
      setImmediate(() => void flush());
    });
}

/**
 * The database's start functions called directly, one call at a time on one connection: that
 * backend's CPU µs per start (median of the rounds), `pwl_begin_starts` by group size and
 * `pwl_begin_start` for one start. Each call commits durably, as the server's do.
 */
async function direct(url: string): Promise<void> {
  const client = new pg.Client(url);
  await client.connect();
  const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
  const onCpuNs = () => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
  const one = async (input: StartInput, now: number) => {
    await client.query({ name: 'one', text: BEGIN_START_SQL, values: beginStartValues({ input, now }) });
  };
  const rows: [string, number, (n: number) => Promise<void>][] = [
    ...DIRECT.map((size): [string, number, (n: number) => Promise<void>] => [
      'pwl_begin_starts',
      size,
      async (calls) => {
        for (let k = 0; k < calls; k++) {
          const now = Date.now();
          const items = Array.from({ length: size }, () => startItem({ input: startInput(now), now }));
          await client.query({ name: 'group', text: BEGIN_STARTS_SQL, values: [JSON.stringify(items)] });
        }
      },
    ]),
    [
      'pwl_begin_start',
      1,
      async (calls) => {
        for (let k = 0; k < calls; k++) await one(startInput(Date.now()), Date.now());
      },
    ],
  ];
  const perStart = rows.map((): number[] => []);
  for (let round = 0; round <= ROUNDS * 2; round++) {
    const order = rows.map((_, k) => k);
    if (round % 2) order.reverse();
    for (const k of order) {
      const [, size, call] = rows[k]!;
      const calls = Math.ceil(STARTS / 4 / size);
      const t0 = onCpuNs();
      await call(calls);
      // The first round warms up (plans, caches) and is not recorded.
      if (round > 0) perStart[k]!.push((onCpuNs() - t0) / 1000 / (calls * size));
    }
  }
  await client.end();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`\nThe start functions called directly, one connection, ${ROUNDS * 2} interleaved rounds (medians)\n`);
  console.log('| function | starts a call | backend CPU µs/start | µs/call | spread µs/start |');
  console.log('|---|---:|---:|---:|---:|');
  rows.forEach(([name, size], k) => {
    const xs = perStart[k]!;
    console.log(
      `| ${name} | ${size} | ${fmt(median(xs))} | ${fmt(median(xs) * size)} | ${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))} |`,
    );
  });
}

const fmt = (n: number | null) => (n === null ? '–' : Math.round(n).toLocaleString('en'));

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pwl-step-'));
  const cluster = await startPostgres({ durable: true });
  try {
    const sqlite = new SqliteStore(join(dir, 'step.db'));
    const postgres = new PostgresStore(await cluster.createDatabase('step'));
    await postgres.whenMigrated();
    const floorUrl = await cluster.createDatabase('floor');
    const pool = new pg.Pool({ connectionString: floorUrl, max: 10 });
    await pool.query(`CREATE TABLE floor_challenges (id TEXT PRIMARY KEY, identifier TEXT NOT NULL,
                        code_hash TEXT NOT NULL, expires_at BIGINT NOT NULL);
                      CREATE INDEX floor_challenges_identifier ON floor_challenges (identifier);
                      CREATE TABLE floor_counters (key TEXT PRIMARY KEY, count INTEGER NOT NULL,
                        window_ends_at BIGINT NOT NULL)`);
    const postmaster = await postmasterOf(cluster.url);
    const kinds = (
      [
        ['sqlite', 'SQLite beginStart', async (i) => sqlite.beginStart(i, Date.now()), undefined],
        ['postgres', 'PostgreSQL beginStart', (i) => postgres.beginStart(i, Date.now()), postmaster],
        ['floor', 'PostgreSQL floor (plain grouped writes)', floorStep(pool), postmaster],
      ] as const satisfies readonly (readonly [
        string,
        string,
        (i: StartInput) => Promise<unknown>,
        number | undefined,
      ])[]
    )
      .filter(([word]) => KINDS.includes(word))
      .map(([, name, step, pm]) => [name, step, pm] as const);
    // A warm-up of each, unrecorded.
    for (const [, step, pm] of kinds) await run(step, pm);
    const results = new Map<string, Figures[]>(kinds.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? kinds : [...kinds].reverse();
      for (const [name, step, pm] of order) results.get(name)!.push(await run(step, pm));
    }
    console.log(
      `\nStore step of a start, ${STARTS} starts a round, ${CONCURRENCY} at a time, ${ROUNDS} rounds (medians); ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' / ')}\n`,
    );
    console.log('| store step | starts/s | this process CPU µs/start | database CPU µs/start | together |');
    console.log('|---|---:|---:|---:|---:|');
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const [name] of kinds) {
      const rs = results.get(name)!;
      const db = rs.every((r) => r.dbUs !== null) ? median(rs.map((r) => r.dbUs!)) : null;
      const node = median(rs.map((r) => r.nodeUs));
      console.log(
        `| ${name} | ${fmt(median(rs.map((r) => r.perSecond)))} | ${fmt(node)} | ${fmt(db)} | ${fmt(node + (db ?? 0))} |`,
      );
    }
    if (DIRECT.length > 0) {
      const directUrl = await cluster.createDatabase('direct');
      const migrated = new PostgresStore(directUrl);
      await migrated.whenMigrated();
      await migrated.close();
      await direct(directUrl);
    }
    await pool.end();
    await postgres.close();
    sqlite.close();
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
