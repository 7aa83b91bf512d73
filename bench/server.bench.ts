/**
 * Load benchmark of the verification API, measured out of process as a deployment runs it:
 * - the server through its CLI, as the package ships it (the bundled `passwordless-server`,
 *   scripts/lib/server-bundle.mjs, `--config …`), a child process, with the default `info` logging
 *   written to a file;
 * - delivery by webhook to a receiver, another child process;
 * - a bare Fastify JSON route, another child process, measured in the same run: the yardstick;
 * - autocannon here, in the bench process.
 * Rows per store (SQLite file, Redis on its own redis-server when installed, PostgreSQL on a
 * throwaway cluster of its own when installed): start, token (the default RS256 ID token, and a
 * client that asked for ES256 ID tokens) and refresh throughput; start at a fixed 500 req/s (a steady pace, bench/server/paced.ts); start
 * and token again after pre-filling the store with BENCH_PREFILL users (one email identity each)
 * and the rate events BENCH_PREFILL starts leave behind (a counter per recipient, all from one IP).
 * The prefill is bulk: SQL (`generate_series` on PostgreSQL, a recursive CTE on SQLite) or Redis
 * pipelines, never a round trip per user.
 * Prints one table. Its `CPU µs/req` column is the server process's own CPU time (user + system,
 * from /proc on Linux) over the row's requests: unlike req/s, it hardly moves when other work
 * shares the machine. PostgreSQL rows add `DB CPU µs/req`: the cluster's (postmaster and backends).
 * It never fails on a time, only when something does not work (a child does
 * not start, a row gets no 2xx or any non-2xx answer).
 * Peer rows (BENCH_PEER=0 leaves them out): ours, compiled to plain JS, beside oidc-provider
 * (bench/server/oidc-provider.mjs), each in its own process, BENCH_ROUNDS (3) alternating rounds of
 * client_credentials and refresh, medians, idle RSS after BENCH_IDLE_SECONDS (30) and RSS after
 * the rounds, ratios; BENCH_WORKERS (1) runs ours with `--workers N`.
 * Floor rows (BENCH_ROWS with `floors`; not run by default): the least a request of the open rows
 * does, each floor its own process (bench/server/floor.ts), measured the way the row it floors is
 * (client_credentials and refresh: BENCH_ROUNDS rounds of autocannon, medians; start: autocannon
 * after a bare run, and the steady pace at BENCH_RATE), printed beside ours' figures of the same run
 * and the ratios; the PostgreSQL floor runs when `postgres` is in BENCH_STORES. With the peer rows,
 * the client_credentials and refresh floors run in their rounds (first, between or last in turn). BENCH_FLOORS_FIRST=1
 * runs the start floors before ours' store rows rather than after (to alternate the order between runs).
 * Env: BENCH_SECONDS (5 per row), BENCH_CONNECTIONS (10), BENCH_PREFILL (1000000), BENCH_RATE
 * (500), BENCH_STORES (sqlite,redis,postgres), BENCH_ROWS (start,token,token-es,refresh,rate,prefill;
 * and floors), BENCH_CPU_PROF (a
 * directory: the server writes a CPU profile; `node --import tsx bench/cpuprofile.ts <file>` sums it up).
 * For looking inside a row: BENCH_PEER_KINDS (client_credentials,refresh: the peer rows that run),
 * BENCH_PEER_DIAG=1 (each peer-row server runs bench/server/diag.mjs; the table adds what each saw),
 * BENCH_NODE_ARGS (more node options for our server, e.g. `--trace-gc`), BENCH_KEEP=1 (keep the run's
 * folder: logs, diagnostics, databases).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import pg from 'pg';
import { bundleServer } from '../scripts/lib/server-bundle.mjs';
import { GRANT_PASSWORDLESS_OTP, GRANT_REFRESH_TOKEN } from '../src/protocol/index.js';
import { generateId, makeHasher } from '../src/server/secrets.js';
import { PostgresStore } from '../src/server/store/postgres.js';
import { RedisStore } from '../src/server/store/redis.js';
import { SqliteStore } from '../src/server/store/sqlite.js';
import type { Store } from '../src/server/store/types.js';
import { signupRecord } from '../src/server/store/user-records.js';
import { skipWithoutPostgres, startPostgres, type PostgresServer } from '../test/server/postgres-server.js';
import { paced } from './server/paced.js';
import { clusterCpuUs, cpuTimeUs, family, postmasterOf } from './server/proc.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Unrecorded seconds of each request kind before a server's rows (JIT warm-up). */
const WARMUP = Math.min(SECONDS, 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PREFILL = Number(process.env.BENCH_PREFILL ?? 1_000_000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const STORES = (process.env.BENCH_STORES ?? 'sqlite,redis,postgres').split(',');
const CPU_PROF = process.env.BENCH_CPU_PROF;
/**
 * Node options for our server's processes: BENCH_CPU_PROF's profile, then BENCH_NODE_ARGS
 * (space-separated), e.g. `--trace-gc`.
 */
const OUR_NODE_ARGS = [
  ...(CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF] : []),
  ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
];
/** Which rows per store (all by default): start, token, token-es, refresh, rate, prefill; and `floors`. */
const ROWS = (process.env.BENCH_ROWS ?? 'start,token,token-es,refresh,rate,prefill').split(',');
/** Whether any row of ours per store runs (BENCH_ROWS=floors alone runs none, nor prepares for them). */
const STORE_ROWS = ROWS.some((r) => ['start', 'token', 'token-es', 'refresh', 'rate', 'prefill'].includes(r));
const FLOORS = ROWS.includes('floors');
const FLOORS_FIRST = process.env.BENCH_FLOORS_FIRST === '1';
const SECRET = 'bench-secret-bench-secret-bench-secret';
const HOOK_SECRET = 'bench-webhook-secret';
const ROOT = join(import.meta.dirname, '..');
/** Whether the peer rows run (ours beside oidc-provider): BENCH_PEER=0 leaves them out. */
const PEER = process.env.BENCH_PEER !== '0';
/** Alternating rounds of the peer rows; the table gives each figure's median. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Prepared codes and refresh tokens: more than a fast server answers in a row. */
const PREPARED = Math.max(2000, (SECONDS + WARMUP) * 10_000);
const MANY = 1_000_000_000;

interface Row {
  store: string;
  name: string;
  rps: number;
  /** The bare route's req/s measured just before this row (the machine is shared: it drifts). */
  bare: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** The server's CPU time per answered request, in µs (null where /proc is not there). */
  cpuUs: number | null;
  /** PostgreSQL rows: the database's CPU time per answered request (postmaster and backends), in µs. */
  dbCpuUs?: number | null;
}

const problems: string[] = [];
/** What the server saw during each store's fixed-rate row (event-loop delay, GC, CPU), one line per store. */
const rateDiags: string[] = [];

/** The whole lines bench/server/diag.mjs has written to `file` so far (one per closed window). */
const diagLines = (file: string) =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(0, -1).filter(Boolean) : [];

/**
 * The line bench/server/diag.mjs wrote at the end of its window (it writes on the signal), summed
 * up: the first line after the `before` lines the file had when the window opened.
 */
async function readDiag(file: string, before = 0): Promise<string | null> {
  // Until its line is whole: the file exists from the moment the preload opens it to append.
  const written = () => diagLines(file).length > before;
  for (let i = 0; i < 50 && !written(); i++) await sleep(100);
  if (!written()) return null;
  const d = JSON.parse(diagLines(file)[before]!) as {
    cpuShare: number;
    eventLoopDelayMs: { p50: number; p99: number; max: number };
    gc: Record<string, { count: number; maxMs: number; over5ms: number }>;
  };
  const gc = Object.entries(d.gc)
    .map(([kind, g]) => `${kind} ${g.count}× (${g.over5ms} over 5 ms, longest ${g.maxMs} ms)`)
    .join(', ');
  return (
    `CPU ${d.cpuShare} of a core, event-loop delay p50 ${d.eventLoopDelayMs.p50} / p99 ${d.eventLoopDelayMs.p99} / ` +
    `max ${d.eventLoopDelayMs.max} ms, GC ${gc || 'none'}`
  );
}

/** Where a row's access lines will start in a server's log file: its size once the last batch is out. */
async function logMark(file: string): Promise<number> {
  await sleep(300); // the CLI's log lines go out in batches, at least every 100 ms
  return existsSync(file) ? statSync(file).size : 0;
}

/**
 * The server's own time for the answers to `path` it logged since byte `from` of its log file (the
 * access line's `responseTime`: from the request's arrival to the answer's end, in the process), as
 * "p50 / p99 / max": beside the generator's figures it tells the process's tail from the machine's.
 */
async function serverTimes(file: string, from: number, path: string): Promise<string | null> {
  await sleep(300); // the CLI's log lines go out in batches, at least every 100 ms
  if (!existsSync(file)) return null;
  const times: number[] = [];
  for (const line of readFileSync(file).subarray(from).toString('utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const d = JSON.parse(line) as { msg?: string; req?: { url?: string }; responseTime?: number };
      if (d.msg === 'request completed' && d.req?.url === path && typeof d.responseTime === 'number') {
        times.push(d.responseTime);
      }
    } catch {
      // a line cut by the read: not an access line of the row
    }
  }
  if (times.length === 0) return null;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))]!.toFixed(1);
  return `the server's own time p50 ${at(0.5)} / p99 ${at(0.99)} / max ${times.at(-1)!.toFixed(1)} ms (${times.length} answers)`;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

interface Child {
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns a Node child with `args`, output to `logFile`, and waits until `ready()` says so. */
async function spawnChild(
  name: string,
  cmd: string,
  args: string[],
  env: Record<string, string>,
  logFile: string,
  ready: (url: string) => Promise<boolean>,
  url: string,
): Promise<Child> {
  const fd = openSync(logFile, 'a');
  const proc = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
  let exited: string | null = null;
  proc.once('exit', (code, signal) => (exited = `${code ?? signal}`));
  for (let i = 0; i < 300; i++) {
    if (exited) throw new Error(`${name} exited (${exited}) before it was ready:\n${readFileSync(logFile, 'utf8')}`);
    if (await ready(url).catch(() => false)) {
      return {
        url,
        proc,
        async stop() {
          if (exited) return;
          const gone = new Promise((r) => proc.once('exit', r));
          proc.kill('SIGTERM');
          await Promise.race([gone, sleep(5000)]);
          if (!exited) proc.kill('SIGKILL');
        },
      };
    }
    await sleep(100);
  }
  proc.kill('SIGKILL');
  throw new Error(`${name} did not get ready within 30 s:\n${readFileSync(logFile, 'utf8')}`);
}

/** The PostgreSQL cluster's postmaster while its rows run (its backends are its children). */
let postmasterPid: number | undefined;
/** The cluster's URL while its rows run. */
let clusterUrl: string | undefined;

/** `fn` on a connection of its own to the bench's cluster (none: null). */
async function withCluster<T>(fn: (client: pg.Client) => Promise<T>): Promise<T | null> {
  if (!clusterUrl) return null;
  const client = new pg.Client({ connectionString: clusterUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** What the cluster's WAL holds since its start (pg_stat_wal): its rows print it per request. */
const walStats = () =>
  withCluster(async (client) => {
    const { rows } = await client.query<{ records: string; fpi: string; bytes: string }>(
      'SELECT wal_records AS records, wal_fpi AS fpi, wal_bytes AS bytes FROM pg_stat_wal',
    );
    const row = rows[0]!;
    return { records: Number(row.records), fpi: Number(row.fpi), bytes: Number(row.bytes) };
  });
/** The PostgreSQL rows' WAL per request, printed after the table. */
const walLines: string[] = [];

/**
 * BENCH_PG_SET (`name=value,…`, none by default): settings of the bench's cluster, set with ALTER
 * SYSTEM before its rows (to measure, e.g., `wal_compression=lz4`).
 */
async function clusterSettings() {
  const settings = (process.env.BENCH_PG_SET ?? '').split(',').filter(Boolean);
  if (settings.length === 0) return;
  await withCluster(async (client) => {
    for (const setting of settings) {
      const [name, value] = setting.split('=');
      if (!name || !/^[a-z_]+$/.test(name) || value === undefined) {
        throw new Error(`BENCH_PG_SET: bad setting ${setting}`);
      }
      await client.query(`ALTER SYSTEM SET ${name} = ${client.escapeLiteral(value)}`);
    }
    await client.query('SELECT pg_reload_conf()');
  });
}

/**
 * A CHECKPOINT, so that no timed one (every 5 min by default; the cluster starts before the peer
 * rows, so one can fall inside the PostgreSQL rows) lands inside a row by chance, and every
 * PostgreSQL row, ours and the floors', starts from the same state: dirty pages written.
 */
const checkpoint = () => withCluster((client) => client.query('CHECKPOINT'));

const httpOk = async (url: string) => (await fetch(url)).ok;

/**
 * A Node child: a `.ts` script through tsx, a `.js`/`.mjs` one as it is (no loader in its memory),
 * waited for on `readyPath` (our server: /ready, since a PostgreSQL store migrates after it listens).
 */
async function nodeChild(
  name: string,
  script: string,
  args: string[],
  dir: string,
  extraNodeArgs: string[] = [],
  readyPath = '/health',
) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return spawnChild(
    name,
    process.execPath,
    [...extraNodeArgs, ...(script.endsWith('.ts') ? ['--import', 'tsx'] : []), script, ...args],
    { PORT: String(port), NODE_ENV: 'production' },
    join(dir, `${name}.log`),
    () => httpOk(`${url}${readyPath}`),
    url,
  );
}

let bareUrl = '';
let barePid: number | undefined;
const bareBody = () => JSON.stringify({ email: 'a@example.com' });

/**
 * POSTs a fresh JSON body from `body()` per request; `rate` fixes the overall request rate. Each
 * row runs right after a bare-route run of the same length, which its share is taken against.
 */
async function measure(
  store: string,
  name: string,
  url: string,
  body: () => string,
  pid: number | undefined,
  rate?: number,
  contentType = 'application/json',
): Promise<Row> {
  if (store === 'postgres') await checkpoint();
  const walBefore = store === 'postgres' ? await walStats() : null;
  const bare = store === '-' ? null : await measure('-', 'bare', `${bareUrl}/bare`, bareBody, barePid);
  let shown = false;
  // The fixed-rate row is framed for the server's diagnostics (bench/server/diag.mjs): SIGUSR2 opens
  // and closes its window.
  const framed = rate !== undefined && pid !== undefined && store !== '-';
  if (framed) process.kill(pid, 'SIGUSR2');
  const dbBefore = store === 'postgres' ? clusterCpuUs(postmasterPid) : null;
  const cpuBefore = cpuTimeUs(pid);
  const request: autocannon.Request = {
    method: 'POST',
    headers: { 'content-type': contentType },
    setupRequest: (req) => ({ ...req, body: body() }),
    onResponse: (status, resBody) => {
      if (status >= 300 && !shown) {
        shown = true;
        problems.push(`${store} ${name}: first non-2xx answer ${status} ${resBody}`);
      }
    },
  };
  // A fixed rate is a steady pace (bench/server/paced.ts; autocannon's overallRate would send each
  // second's quota as a burst at its start); otherwise CONNECTIONS connections as fast as they go.
  const r = rate
    ? await paced({ url, rate, seconds: SECONDS, request: { ...request, path: new URL(url).pathname } })
    : await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests: [request] });
  const cpuAfter = cpuTimeUs(pid);
  if (framed) process.kill(pid, 'SIGUSR2');
  const dbAfter = dbBefore === null ? null : clusterCpuUs(postmasterPid);
  const walAfter = walBefore ? await walStats() : null;
  const answered = r['2xx'] + r.non2xx;
  if (walBefore && walAfter && answered > 0) {
    const per = (k: keyof typeof walBefore) => ((walAfter[k] - walBefore[k]) / answered).toFixed(k === 'bytes' ? 0 : 2);
    walLines.push(
      `${name}: ${per('bytes')} bytes of WAL, ${per('fpi')} full-page images, ${per('records')} records a request`,
    );
  }
  const row = {
    store,
    name,
    cpuUs: cpuBefore !== null && cpuAfter !== null && answered > 0 ? (cpuAfter - cpuBefore) / answered : null,
    dbCpuUs: dbBefore !== null && dbAfter !== null && answered > 0 ? (dbAfter - dbBefore) / answered : null,
    rps: r.requests.average,
    bare: bare?.rps ?? r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
  if (row.ok === 0) problems.push(`${store} ${name}: no 2xx answer`);
  return row;
}

const hash = makeHasher(SECRET);
const code = (i: number) => String(i % 1_000_000).padStart(6, '0');

/** The client whose ID tokens are ES256 (`id_token_signed_response_alg`); `bench` has RS256's default. */
const ES_CLIENT = 'bench-es';
/** The identifier the `i`th prepared code of a client was sent to. */
const loginOf = (client: string, i: number) => `${client === ES_CLIENT ? 'login-es' : 'login'}${i}@example.com`;
/** Whether the ES256 client's row runs (its codes are prepared only then). */
const esRow = () => ROWS.includes('token-es');

/** What the token and refresh rows redeem: a code per login, a refresh token (and user) per refresh. */
async function prepare(store: Store, now: number, inTransaction: (fn: () => Promise<void>) => Promise<void>) {
  await inTransaction(async () => {
    const pending: unknown[] = [];
    for (let i = 0; i < PREPARED; i++) {
      for (const client of esRow() ? ['bench', ES_CLIENT] : ['bench']) {
        pending.push(
          store.createChallenge({
            id: generateId(),
            client_id: client,
            connection: 'email',
            identifier: loginOf(client, i),
            code_hash: hash('otp', code(i)),
            link_hash: null,
            send: 'code',
            auth_params: null,
            created_at: now,
            code_expires_at: now + 3600_000,
            link_expires_at: null,
            max_attempts: 3,
          }),
        );
      }
      const user = await store.loginUser('email', `refresh${i}@example.com`, now, true);
      pending.push(
        store.createRefreshToken({
          hash: hash('refresh', `refresh-token-${i}`),
          family_id: generateId(),
          client_id: 'bench',
          sub: user!.sub,
          scope: 'openid offline_access',
          audience: null,
          created_at: now,
          expires_at: now + 86_400_000,
        }),
      );
      if (pending.length >= 2000) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
  });
}

/**
 * The same as `prepare`, in PostgreSQL in bulk: `INSERT … SELECT … FROM unnest($1::text[], …)` in
 * batches of 10,000 rows (through the store it would be four transactions, each a durable commit,
 * per prepared code and token).
 */
async function preparePostgres(store: PostgresStore, now: number) {
  await store.whenMigrated();
  const client = new pg.Client(store.db.clientConfig(false));
  await client.connect();
  try {
    const clients = esRow() ? ['bench', ES_CLIENT] : ['bench'];
    for (let from = 0; from < PREPARED; from += 10_000) {
      const c = { id: [] as string[], client: [] as string[], login: [] as string[], hash: [] as string[] };
      const u = { userId: [] as string[], login: [] as string[], token: [] as string[], family: [] as string[] };
      for (let i = from; i < Math.min(PREPARED, from + 10_000); i++) {
        for (const client of clients) {
          c.id.push(generateId());
          c.client.push(client);
          c.login.push(loginOf(client, i));
          c.hash.push(hash('otp', code(i)));
        }
        u.userId.push(generateId());
        u.login.push(`refresh${i}@example.com`);
        u.token.push(hash('refresh', `refresh-token-${i}`));
        u.family.push(generateId());
      }
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO challenges (id, client_id, connection, identifier, code_hash, send, created_at, code_expires_at,
             max_attempts)
           SELECT id, client_id, 'email', identifier, code_hash, 'code', $5, $6, 3
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(id, client_id, identifier, code_hash)`,
        [c.id, c.client, c.login, c.hash, now, now + 3600_000],
      );
      await client.query(
        `INSERT INTO accounts (user_id, created_at, updated_at) SELECT 'email|' || id, $2, $2 FROM unnest($1::text[]) AS id`,
        [u.userId, now],
      );
      await client.query(
        `INSERT INTO identities (connection, identifier, user_id, owner, position)
           SELECT 'email', login, id, 'email|' || id, 0 FROM unnest($1::text[], $2::text[]) AS t(id, login)`,
        [u.userId, u.login],
      );
      await client.query(
        `INSERT INTO refresh_tokens (hash, family_id, client_id, sub, scope, created_at, expires_at)
           SELECT token, family, 'bench', 'email|' || id, 'openid offline_access', $4, $5
           FROM unnest($1::text[], $2::text[], $3::text[]) AS t(token, family, id)`,
        [u.token, u.family, u.userId, now, now + 86_400_000],
      );
      await client.query('COMMIT');
    }
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** What the `i`th user of the prefill signs in with. */
const prefillLogin = (i: number) => `prefill${i}@example.com`;

/** The rate counters `n` starts leave behind: one client IP, a new recipient each (through the store). */
async function prefill(
  store: Store,
  n: number,
  now: number,
  inTransaction: (fn: () => Promise<void>) => Promise<void>,
  /** Starts counted at once (Redis: few enough that none waits out the client's command timeout on a busy machine). */
  batch = 5000,
) {
  for (let from = 0; from < n; from += batch) {
    await inTransaction(async () => {
      const pending: unknown[] = [];
      for (let i = from; i < Math.min(n, from + batch); i++) {
        const to = `email:${prefillLogin(i)}`;
        pending.push(
          store.hitRateLimits(
            [
              { key: 'start:ip:127.0.0.1', windowMs: 3600_000, limit: MANY },
              { key: `start:to1:${to}`, windowMs: 60_000, limit: 1 },
              { key: `start:toN:${to}`, windowMs: 600_000, limit: MANY },
            ],
            now,
          ),
        );
      }
      await Promise.all(pending);
    });
  }
}

/**
 * `n` users (one email identity each, as a first sign-in makes them) in SQLite in one statement per
 * table: a recursive CTE counts, INSERT … SELECT writes.
 */
function prefillSqliteUsers(store: SqliteStore, n: number, now: number) {
  const seq = 'WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < ?)';
  const tx = store.db.transaction(() => {
    store.db
      .prepare(
        `${seq} INSERT INTO accounts (user_id, created_at, updated_at)
           SELECT 'email|' || printf('f%023x', i), ?, ? FROM seq`,
      )
      .run(n, now, now);
    store.db
      .prepare(
        `${seq} INSERT INTO identities (connection, identifier, user_id, owner, position)
           SELECT 'email', 'prefill' || i || '@example.com', printf('f%023x', i), 'email|' || printf('f%023x', i), 0
           FROM seq`,
      )
      .run(n);
  });
  tx();
  store.db.pragma('wal_checkpoint(TRUNCATE)');
}

/** `n` users in Redis, written as the store writes a sign-up, through pipelines of 5,000 users. */
async function prefillRedisUsers(url: string, prefix: string, n: number, now: number) {
  const redis = new Redis(url);
  try {
    for (let from = 0; from < n; from += 5000) {
      const p = redis.pipeline();
      for (let i = from; i < Math.min(n, from + 5000); i++) {
        const r = signupRecord('email', prefillLogin(i), now);
        const id = r.identities[0]!;
        p.set(`${prefix}acct:${r.user_id}`, JSON.stringify(r));
        p.set(`${prefix}idn:email:${id.identifier}`, r.user_id);
        p.set(`${prefix}idu:email:${id.user_id}`, r.user_id);
        p.zadd(`${prefix}users`, r.created_at, r.user_id);
      }
      await p.exec();
    }
  } finally {
    redis.disconnect();
  }
}

/**
 * `n` users and the rate counters `n` starts leave behind, in PostgreSQL: one `INSERT … SELECT …
 * generate_series` per table, on a connection without the request timeouts, then ANALYZE.
 */
async function prefillPostgres(store: PostgresStore, n: number, now: number) {
  const client = new pg.Client(store.db.clientConfig(false));
  await client.connect();
  try {
    const id = "'f' || lpad(to_hex(i), 23, '0')";
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO accounts (user_id, created_at, updated_at)
         SELECT 'email|' || ${id}, $1, $1 FROM generate_series(0, $2 - 1) AS i`,
      [now, n],
    );
    await client.query(
      `INSERT INTO identities (connection, identifier, user_id, owner, position)
         SELECT 'email', 'prefill' || i || '@example.com', ${id}, 'email|' || ${id}, 0
         FROM generate_series(0, $1 - 1) AS i`,
      [n],
    );
    await client.query(
      `INSERT INTO rate_counters (key, count, window_ends_at)
         SELECT 'start:to1:email:prefill' || i || '@example.com', 1, $1::bigint + 60000 FROM generate_series(0, $2 - 1) AS i
         UNION ALL
         SELECT 'start:toN:email:prefill' || i || '@example.com', 1, $1::bigint + 600000 FROM generate_series(0, $2 - 1) AS i
         ON CONFLICT (key) DO NOTHING`,
      [now, n],
    );
    await client.query(
      `INSERT INTO rate_counters AS c (key, count, window_ends_at) VALUES ('start:ip:127.0.0.1', $2, $1::bigint + 3600000)
         ON CONFLICT (key) DO UPDATE SET count = c.count + excluded.count`,
      [now, n],
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

function serverConfig(store: Record<string, unknown>, hookUrl: string) {
  return {
    secret: SECRET,
    store,
    email: { provider: 'webhook', url: hookUrl, secret: HOOK_SECRET },
    sms: { provider: 'webhook', url: hookUrl, secret: HOOK_SECRET },
    limits: { starts_per_ip_per_hour: MANY, resends_per_window: MANY, sms_per_prefix_per_hour: MANY },
    clients: [
      { client_id: 'bench', name: 'Bench', connections: ['email', 'sms'] },
      { client_id: ES_CLIENT, name: 'Bench ES256', connections: ['email'], id_token_signed_response_alg: 'ES256' },
    ],
  };
}

async function storeRows(
  label: string,
  dir: string,
  hookUrl: string,
  storeConfig: Record<string, unknown>,
  open: () => Store,
  inTransaction: (store: Store) => (fn: () => Promise<void>) => Promise<void>,
  /** BENCH_PREFILL users and the rate events of as many starts, in bulk. */
  fill: (store: Store, n: number, now: number) => Promise<void>,
  /** Replaces `prepare` through the store (PostgreSQL: in bulk). */
  prepareInBulk?: (store: Store, now: number) => Promise<void>,
): Promise<Row[]> {
  const rows: Row[] = [];
  const now = Date.now();
  const store = open();
  if (prepareInBulk) await prepareInBulk(store, now);
  else await prepare(store, now, inTransaction(store));
  const configFile = join(dir, `${label}.json`);
  writeFileSync(configFile, JSON.stringify(serverConfig(storeConfig, hookUrl)));
  // The diagnostics preload costs nothing outside the rate row's window (a GC observer, disconnected).
  const diagFile = join(dir, `diag-${label}.jsonl`);
  process.env.PWL_DIAG_FILE = diagFile;
  const server = await nodeChild(
    `server-${label}`,
    ourCli,
    ['--config', configFile],
    dir,
    [...OUR_NODE_ARGS, '--import', './bench/server/diag.mjs'],
    '/ready',
  );
  try {
    let s = 0;
    let r = 0;
    /** The next prepared code per client. */
    const next = new Map([
      ['bench', 0],
      [ES_CLIENT, 0],
    ]);
    const otp = (client: string) => () => {
      const i = next.get(client)!;
      next.set(client, i + 1);
      return JSON.stringify({
        grant_type: GRANT_PASSWORDLESS_OTP,
        client_id: client,
        realm: 'email',
        username: loginOf(client, i),
        otp: code(i),
      });
    };
    const refreshBody = () =>
      JSON.stringify({ grant_type: GRANT_REFRESH_TOKEN, client_id: 'bench', refresh_token: `refresh-token-${r++}` });
    const start = () =>
      JSON.stringify({ client_id: 'bench', connection: 'email', send: 'code', email: `start${s++}@example.com` });
    const pid = server.proc.pid;
    // A short warm-up of each kind the rows ask for first (unrecorded), so the first row does not
    // pay for the JIT (and a CPU profile of start rows alone holds no token requests).
    const warmups = [
      ['/passwordless/start', start, ['start', 'rate', 'prefill']],
      ['/oauth/token', otp('bench'), ['token']],
      ['/oauth/token', otp(ES_CLIENT), ['token-es']],
      ['/oauth/token', refreshBody, ['refresh']],
    ] as const;
    for (const [path, body] of warmups.filter(([, , uses]) => uses.some((row) => ROWS.includes(row)))) {
      await autocannon({
        url: `${server.url}${path}`,
        connections: CONNECTIONS,
        duration: WARMUP,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            setupRequest: (req) => ({ ...req, body: body() }),
          },
        ],
      });
    }
    if (ROWS.includes('start')) {
      rows.push(await measure(label, 'start (email code, webhook)', `${server.url}/passwordless/start`, start, pid));
    }
    if (ROWS.includes('token')) {
      rows.push(await measure(label, 'token (OTP grant, success)', `${server.url}/oauth/token`, otp('bench'), pid));
    }
    if (ROWS.includes('token-es')) {
      rows.push(
        await measure(label, 'token (OTP grant, ES256 client)', `${server.url}/oauth/token`, otp(ES_CLIENT), pid),
      );
    }
    if (ROWS.includes('refresh')) {
      rows.push(await measure(label, 'refresh (rotation)', `${server.url}/oauth/token`, refreshBody, pid));
    }
    if (ROWS.includes('rate')) {
      const logFile = join(dir, `server-${label}.log`);
      const from = await logMark(logFile);
      rows.push(await measure(label, `start at ${RATE} req/s`, `${server.url}/passwordless/start`, start, pid, RATE));
      const line = await readDiag(diagFile);
      const own = await serverTimes(logFile, from, '/passwordless/start');
      if (line) rateDiags.push(`${label}: ${line}${own ? `; ${own}` : ''}`);
    }
    if (PREFILL > 0 && ROWS.includes('prefill')) {
      const began = Date.now();
      await fill(store, PREFILL, Date.now());
      const took = ((Date.now() - began) / 1000).toFixed(1);
      const filled = `after ${PREFILL.toLocaleString('en')} users`;
      rows.push(await measure(label, `start ${filled}`, `${server.url}/passwordless/start`, start, pid));
      rows.at(-1)!.name += ` + rate events (filled in ${took} s)`;
      rows.push(await measure(label, `token ${filled}`, `${server.url}/oauth/token`, otp('bench'), pid));
    }
    if ([...next.values(), r].some((n) => n > PREPARED))
      problems.push(`${label}: ran out of prepared codes or refresh tokens`);
  } finally {
    await server.stop();
    await store.close();
  }
  return rows;
}

/** `fn` in one SQLite write transaction (BEGIN IMMEDIATE … COMMIT). */
const sqliteTransaction = (store: Store) => async (fn: () => Promise<void>) => {
  const db = (store as SqliteStore).db;
  db.exec('BEGIN IMMEDIATE');
  try {
    await fn();
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
};

/**
 * Our server as a deployment runs it: the package's bundled command (scripts/lib/server-bundle.mjs,
 * what `npx passwordless-server` runs), no loader in the process.
 */
let ourCli = join(ROOT, 'src/server/cli.ts');
async function buildOurs(): Promise<string> {
  // Under node_modules: the bundle's external imports resolve from the repository's node_modules.
  const dist = join(ROOT, 'node_modules', '.cache', 'pwl-bench');
  rmSync(dist, { recursive: true, force: true });
  const { entry } = await bundleServer(dist);
  // Its files are ES modules, as the package's package.json says; under node_modules, Node looks no
  // further up for a "type" (it would detect ESM from the syntax, after trying CommonJS).
  writeFileSync(join(dist, 'package.json'), '{"type":"module"}\n');
  return entry;
}

/** The peer rows: our server beside oidc-provider, each in its own process, in alternating rounds. */
const API = 'https://api.bench.example';
const M2M_SECRET = 'bench-m2m-secret-bench-m2m-secret';
/** Our processes in the peer rows (`--workers N` when more than 1). */
const OUR_WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
/** Refresh tokens minted per row for each server: more than either answers in `seconds`. */
const poolSize = (seconds: number) => Math.max(1000, seconds * 8000);
/**
 * Seconds both servers sit idle after they are ready before their idle RSS is read (BENCH_IDLE_SECONDS,
 * 30): long enough for our idle collection (src/server/idle-gc.ts) and V8's own memory reducer.
 */
const IDLE_SETTLE = Number(process.env.BENCH_IDLE_SECONDS ?? 30);

type PeerKind = 'client_credentials' | 'refresh';
/**
 * BENCH_PEER_DIAG=1: each peer-row server (ours, oidc-provider, the token floors) runs the
 * diagnostics preload (bench/server/diag.mjs) and the table adds what each saw per row: event-loop
 * delay, GC. Off by default: its 1 ms delay monitor costs each server a little CPU during a row.
 */
const PEER_DIAG = process.env.BENCH_PEER_DIAG === '1';
/** Which peer rows run (BENCH_PEER_KINDS, both by default): e.g. one alone, to profile it (BENCH_CPU_PROF). */
const PEER_KINDS = (process.env.BENCH_PEER_KINDS ?? 'client_credentials,refresh').split(',') as PeerKind[];
for (const kind of PEER_KINDS) {
  if (kind !== 'client_credentials' && kind !== 'refresh') throw new Error(`BENCH_PEER_KINDS: unknown row ${kind}`);
}
interface PeerRun extends Row {
  server: 'ours' | 'oidc-provider' | 'floor';
  kind: PeerKind;
  round: number;
  /** What the server saw during the run (bench/server/diag.mjs): event-loop delay, GC, CPU. */
  diag: string | null;
}
interface PeerResult {
  runs: PeerRun[];
  rss: { server: string; idleMiB: number | null; loadedMiB: number | null }[];
  cores: string;
}

/** Resident set size in MiB of a process and its children (VmRSS from /proc), null off Linux. */
function rssMiB(pid: number | undefined): number | null {
  let kib = 0;
  for (const p of family(pid)) {
    try {
      kib += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? NaN);
    } catch {
      return null;
    }
  }
  return Number.isFinite(kib) ? kib / 1024 : null;
}

const familyCpuUs = (pid: number | undefined) => {
  let sum = 0;
  for (const p of family(pid)) {
    const t = cpuTimeUs(p);
    if (t === null) return null;
    sum += t;
  }
  return sum;
};

/** One row of one round: form-encoded POSTs to a token endpoint, a fresh body per request. */
async function tokenRun(
  server: PeerRun['server'],
  kind: PeerKind,
  round: number,
  url: string,
  body: () => string,
  pid: number | undefined,
  seconds: number,
  diagFile?: string,
): Promise<PeerRun> {
  let shown = false;
  // Framed for the server's diagnostics (bench/server/diag.mjs) when it runs them.
  const linesBefore = diagFile ? diagLines(diagFile).length : 0;
  if (diagFile && pid !== undefined) process.kill(pid, 'SIGUSR2');
  const cpuBefore = familyCpuUs(pid);
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        setupRequest: (req) => ({ ...req, body: body() }),
        onResponse: (status, resBody) => {
          if (status >= 300 && !shown) {
            shown = true;
            problems.push(`${server} ${kind}: first non-2xx answer ${status} ${resBody}`);
          }
        },
      },
    ],
  });
  const cpuAfter = familyCpuUs(pid);
  if (diagFile && pid !== undefined) process.kill(pid, 'SIGUSR2');
  const answered = r['2xx'] + r.non2xx;
  if (r['2xx'] === 0) problems.push(`${server} ${kind}: no 2xx answer`);
  return {
    diag: diagFile && pid !== undefined ? await readDiag(diagFile, linesBefore) : null,
    server,
    kind,
    round,
    store: server,
    name: kind,
    rps: r.requests.average,
    bare: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    cpuUs: cpuBefore !== null && cpuAfter !== null && answered > 0 ? (cpuAfter - cpuBefore) / answered : null,
  };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** `n` refresh tokens of ours, each of its own user and grant, stored as a sign-in leaves them. */
async function ourRefreshTokens(store: SqliteStore, prefix: string, n: number): Promise<string[]> {
  const now = Date.now();
  const tokens: string[] = [];
  store.db.exec('BEGIN IMMEDIATE');
  try {
    const pending: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const token = `${prefix}-${i}-${generateId()}`;
      tokens.push(token);
      const user = await store.loginUser('email', `${prefix}-${i}@example.com`, now, true);
      pending.push(
        store.createRefreshToken({
          hash: hash('refresh', token),
          family_id: generateId(),
          client_id: 'bench',
          sub: user!.sub,
          scope: 'openid offline_access',
          audience: null,
          created_at: now,
          expires_at: now + 86_400_000,
        }),
      );
      if (pending.length >= 2000) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    store.db.exec('COMMIT');
  } catch (err) {
    store.db.exec('ROLLBACK');
    throw err;
  }
  // Into the database file now: else the server's checkpointer copies these pages during the row,
  // and their cost lands in its CPU per request (the peer mints in its own process before the row).
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  return tokens;
}

/** `n` refresh tokens minted by oidc-provider's or the refresh floor's own `POST /bench/mint`. */
async function peerTokens(url: string, n: number): Promise<string[]> {
  const res = await fetch(`${url}/bench/mint?n=${n}`, { method: 'POST' });
  if (!res.ok) throw new Error(`${url} could not mint refresh tokens: ${res.status} ${await res.text()}`);
  return (await res.json()) as string[];
}

async function peerRows(dir: string, hookUrl: string): Promise<PeerResult> {
  const path = join(dir, 'peer.sqlite');
  const configFile = join(dir, 'peer.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      ...serverConfig({ type: 'sqlite', path }, hookUrl),
      apis: [{ audience: API, scopes: ['read:things'] }],
      clients: [
        { client_id: 'bench', name: 'Bench', connections: ['email'] },
        {
          client_id: 'bench-m2m',
          name: 'Bench M2M',
          client_secret: M2M_SECRET,
          grant_types: ['client_credentials'],
          client_grants: [{ audience: API, scope: ['read:things'] }],
        },
      ],
    }),
  );
  const workerArgs = OUR_WORKERS > 1 ? ['--workers', String(OUR_WORKERS)] : [];
  // With BENCH_PEER_DIAG=1, each server runs the diagnostics preload, its file named after it.
  const diagOf = (name: string) => (PEER_DIAG ? join(dir, `diag-${name}.jsonl`) : undefined);
  const withDiag = async <T>(name: string, start: (args: string[]) => Promise<T>) => {
    const file = diagOf(name);
    if (file) process.env.PWL_DIAG_FILE = file;
    try {
      return await start(file ? ['--import', './bench/server/diag.mjs'] : []);
    } finally {
      delete process.env.PWL_DIAG_FILE;
    }
  };
  const ours = await withDiag('peer-ours', (diag) =>
    nodeChild('peer-ours', ourCli, ['--config', configFile, ...workerArgs], dir, [...OUR_NODE_ARGS, ...diag]),
  );
  const peer = await withDiag('peer-oidc-provider', (diag) =>
    nodeChild('peer-oidc-provider', join(ROOT, 'bench/server/oidc-provider.mjs'), [], dir, diag),
  );
  const store = new SqliteStore(path);
  const floorChildren: Child[] = [];
  try {
    await sleep(IDLE_SETTLE * 1000);
    const idle = { ours: rssMiB(ours.proc.pid), peer: rssMiB(peer.proc.pid) };
    const servers = {
      ours: {
        child: ours,
        // The primary of `--workers N` answers nothing: its diagnostics would say nothing.
        diag: OUR_WORKERS > 1 ? undefined : diagOf('peer-ours'),
        token: `${ours.url}/oauth/token`,
        cc: {
          grant_type: 'client_credentials',
          client_id: 'bench-m2m',
          client_secret: M2M_SECRET,
          audience: API,
          scope: 'read:things',
        },
        tokens: (prefix: string, n: number) => ourRefreshTokens(store, prefix, n),
      },
      'oidc-provider': {
        child: peer,
        diag: diagOf('peer-oidc-provider'),
        token: `${peer.url}/token`,
        cc: {
          grant_type: 'client_credentials',
          client_id: 'bench-m2m',
          client_secret: M2M_SECRET,
          resource: API,
          scope: 'read:things',
        },
        tokens: (_prefix: string, n: number) => peerTokens(peer.url, n),
      },
    } as const;
    const one = async (name: keyof typeof servers, kind: PeerKind, round: number, seconds: number) => {
      const s = servers[name];
      if (kind === 'client_credentials') {
        const body = form(s.cc);
        return tokenRun(name, kind, round, s.token, () => body, s.child.proc.pid, seconds, s.diag);
      }
      const pool = await s.tokens(`r${round}`, poolSize(seconds));
      let i = 0;
      const run = await tokenRun(
        name,
        kind,
        round,
        s.token,
        () => form({ grant_type: 'refresh_token', client_id: 'bench', refresh_token: pool[i++] ?? 'pool-exhausted' }),
        s.child.proc.pid,
        seconds,
        s.diag,
      );
      if (i > pool.length) problems.push(`${name} refresh round ${round}: ran out of minted refresh tokens`);
      return run;
    };
    // Warm-up (unrecorded): each server, each row, for WARMUP seconds.
    const warm = Math.max(1, WARMUP);
    for (const name of ['ours', 'oidc-provider'] as const) {
      for (const kind of PEER_KINDS) {
        await one(name, kind, -1, warm);
      }
    }
    // With the floor rows, the client_credentials and refresh floors (bench/server/floor.ts) run in
    // the same rounds, so their figures and ours and the peer's share the machine's moments.
    const floorOf = FLOORS ? await tokenFloors(dir, floorChildren) : null;
    for (const kind of PEER_KINDS) await floorOf?.[kind](-1, warm);
    const runs: PeerRun[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate who goes first, so neither always runs on the warmer (or busier) machine.
      const order = round % 2 === 0 ? (['ours', 'oidc-provider'] as const) : (['oidc-provider', 'ours'] as const);
      for (const kind of PEER_KINDS) {
        for (const [i, name] of order.entries()) {
          // The floor goes first, between the two, or last, in turn.
          if (floorOf && i === round % 3) runs.push(await floorOf[kind](round, SECONDS));
          runs.push(await one(name, kind, round, SECONDS));
        }
        if (floorOf && round % 3 === 2) runs.push(await floorOf[kind](round, SECONDS));
      }
    }
    return {
      runs,
      rss: [
        { server: 'ours', idleMiB: idle.ours, loadedMiB: rssMiB(ours.proc.pid) },
        { server: 'oidc-provider', idleMiB: idle.peer, loadedMiB: rssMiB(peer.proc.pid) },
      ],
      cores: OUR_WORKERS > 1 ? `ours --workers ${OUR_WORKERS}` : 'ours one process',
    };
  } finally {
    await ours.stop();
    await peer.stop();
    for (const floor of floorChildren) await floor.stop();
    await store.close();
  }
}

const median = (values: number[]) => {
  const v = [...values].sort((a, b) => a - b);
  return v.length === 0 ? NaN : v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
};

function printPeer(peer: PeerResult) {
  const runs = peer.runs.filter((r) => r.round >= 0);
  const med = (server: string, kind: PeerKind, pick: (r: PeerRun) => number | null) =>
    median(runs.filter((r) => r.server === server && r.kind === kind).map((r) => pick(r) ?? NaN));
  console.log(
    `\npeer rows: ours (${peer.cores}, SQLite, info logging to a file) beside oidc-provider ` +
      `(in-memory), each its own process, ${ROUNDS} alternating rounds of ${SECONDS} s, medians; ` +
      `client_credentials: an ES256 JWT access token for ${API}; refresh: rotation and an RS256 ID token, ` +
      `a fresh pre-minted refresh token per request`,
  );
  const table = [];
  for (const kind of ['client_credentials', 'refresh'] as const) {
    for (const server of ['ours', 'oidc-provider']) {
      table.push({
        row: kind,
        server,
        'req/s': Math.round(med(server, kind, (r) => r.rps)),
        'p50 ms': med(server, kind, (r) => r.p50),
        'p99 ms': med(server, kind, (r) => r.p99),
        'CPU µs/req': Math.round(med(server, kind, (r) => r.cpuUs)),
        rounds: runs
          .filter((r) => r.server === server && r.kind === kind)
          .map((r) => Math.round(r.rps))
          .join(' / '),
      });
    }
  }
  console.table(table);
  const seen = runs.filter((r) => r.diag);
  if (seen.length > 0) {
    console.log('what each server saw during its rounds (bench/server/diag.mjs):');
    for (const r of seen) console.log(`  ${r.kind} round ${r.round}, ${r.server}: ${r.diag}`);
  }
  console.table(
    peer.rss.map((r) => ({
      server: r.server,
      'idle RSS MiB': r.idleMiB?.toFixed(1) ?? '-',
      'RSS after the rounds MiB': r.loadedMiB?.toFixed(1) ?? '-',
    })),
  );
  const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '-');
  const [ours, theirs] = peer.rss;
  console.log(
    `ratios ours / oidc-provider: client_credentials req/s ${ratio(
      med('ours', 'client_credentials', (r) => r.rps),
      med('oidc-provider', 'client_credentials', (r) => r.rps),
    )}, refresh req/s ${ratio(
      med('ours', 'refresh', (r) => r.rps),
      med('oidc-provider', 'refresh', (r) => r.rps),
    )}, ` +
      `refresh p99 ${med('ours', 'refresh', (r) => r.p99)} ms vs ${med('oidc-provider', 'refresh', (r) => r.p99)} ms, ` +
      `idle RSS ${ratio(ours?.idleMiB ?? NaN, theirs?.idleMiB ?? NaN)}`,
  );
}

/** The floor rows' figures: the client_credentials and refresh floors' rounds, the start floors' rows. */
interface FloorResult {
  cc: PeerRun[];
  refresh: PeerRun[];
  rows: Row[];
}

const FLOOR_START_EACH = 'floor: start, a commit each';
const FLOOR_START_GROUPED = 'floor: start, commits grouped as ours';
const FLOOR_START_RATE = `floor: start at ${RATE} req/s`;
const FLOOR_BARE_RATE = `floor: bare route at ${RATE} req/s`;

/** A floor process (bench/server/floor.ts) of `kind`, its diagnostics preload framed as ours' is. */
async function floorChild(dir: string, kind: string, env: Record<string, string>): Promise<Child> {
  const diagFile = join(dir, `diag-floor-${kind}.jsonl`);
  Object.assign(process.env, { ...env, FLOOR: kind, PWL_DIAG_FILE: diagFile });
  try {
    return await nodeChild(`floor-${kind}`, 'bench/server/floor.ts', [], dir, ['--import', './bench/server/diag.mjs']);
  } finally {
    for (const name of [...Object.keys(env), 'FLOOR']) delete process.env[name];
  }
}

type FloorRun = (round: number, seconds: number) => Promise<PeerRun>;

/**
 * The client_credentials and refresh floors, started (and added to `children`, which the caller
 * stops), each as a function running one round as tokenRun runs ours' (the same form bodies; the
 * refresh floor's fresh tokens minted by the floor itself before each round, as the peer's are).
 */
async function tokenFloors(dir: string, children: Child[]): Promise<Record<PeerKind, FloorRun>> {
  const cc = await floorChild(dir, 'cc', {});
  children.push(cc);
  const refresh = await floorChild(dir, 'refresh', { FLOOR_SQLITE_PATH: join(dir, 'floor-refresh.sqlite') });
  children.push(refresh);
  const ccBody = form({
    grant_type: 'client_credentials',
    client_id: 'bench-m2m',
    audience: API,
    scope: 'read:things',
  });
  const diag = (kind: string) => (PEER_DIAG ? join(dir, `diag-floor-${kind}.jsonl`) : undefined);
  return {
    client_credentials: (round, seconds) =>
      tokenRun(
        'floor',
        'client_credentials',
        round,
        `${cc.url}/oauth/token`,
        () => ccBody,
        cc.proc.pid,
        seconds,
        diag('cc'),
      ),
    refresh: async (round, seconds) => {
      const pool = await peerTokens(refresh.url, poolSize(seconds));
      let i = 0;
      const run = await tokenRun(
        'floor',
        'refresh',
        round,
        `${refresh.url}/oauth/token`,
        () => form({ grant_type: 'refresh_token', client_id: 'bench', refresh_token: pool[i++] ?? 'pool-exhausted' }),
        refresh.proc.pid,
        seconds,
        diag('refresh'),
      );
      if (i > pool.length) problems.push(`floor refresh round ${round}: ran out of minted refresh tokens`);
      return run;
    },
  };
}

/** Unrecorded requests to a floor route (JIT warm-up, connections opened). */
async function warmFloor(url: string, body: () => string, contentType: string) {
  await autocannon({
    url,
    connections: CONNECTIONS,
    duration: Math.max(1, WARMUP),
    requests: [
      { method: 'POST', headers: { 'content-type': contentType }, setupRequest: (req) => ({ ...req, body: body() }) },
    ],
  });
}

/**
 * The floors: client_credentials (BENCH_ROUNDS rounds, as the peer rows run ours), and the start
 * floors on SQLite and, with a cluster, PostgreSQL: unthrottled with a commit per start and with
 * commits grouped as ours groups them, and at a steady BENCH_RATE with a commit per start.
 */
async function floorRows(
  dir: string,
  hookUrl: string,
  cluster: PostgresServer | null,
  peer: PeerResult | null,
): Promise<FloorResult> {
  const result: FloorResult = { cc: [], refresh: [], rows: [] };
  if (peer) {
    // Measured in the peer rows' rounds.
    const floorRuns = peer.runs.filter((r) => r.server === 'floor' && r.round >= 0);
    result.cc = floorRuns.filter((r) => r.kind === 'client_credentials');
    result.refresh = floorRuns.filter((r) => r.kind === 'refresh');
  } else {
    const children: Child[] = [];
    try {
      const runs = await tokenFloors(dir, children);
      for (const kind of ['client_credentials', 'refresh'] as const) {
        await runs[kind](-1, Math.max(1, WARMUP));
        const into = kind === 'refresh' ? result.refresh : result.cc;
        for (let round = 0; round < ROUNDS; round++) into.push(await runs[kind](round, SECONDS));
      }
    } finally {
      for (const child of children) await child.stop();
    }
  }
  let n = 0;
  const start = () =>
    JSON.stringify({ client_id: 'bench', connection: 'email', send: 'code', email: `floor${n++}@example.com` });
  const stores: [string, Record<string, string>][] = [['sqlite', { FLOOR_SQLITE_PATH: join(dir, 'floor.sqlite') }]];
  if (cluster) stores.push(['postgres', { FLOOR_PG_URL: await cluster.createDatabase('floor') }]);
  for (const [label, env] of stores) {
    const floor = await floorChild(dir, label, { ...env, FLOOR_HOOK_URL: hookUrl });
    try {
      const pid = floor.proc.pid;
      const each = `${floor.url}/passwordless/start`;
      const grouped = `${floor.url}/passwordless/start-grouped`;
      await warmFloor(each, start, 'application/json');
      await warmFloor(grouped, start, 'application/json');
      result.rows.push(await measure(label, FLOOR_START_EACH, each, start, pid));
      result.rows.push(await measure(label, FLOOR_START_GROUPED, grouped, start, pid));
      // The bare route at the same pace just before: what the generator, loopback and the machine's
      // moment alone give at that rate (no p99 there can be lower).
      const bare = await measure('-', FLOOR_BARE_RATE, `${bareUrl}/bare`, bareBody, barePid, RATE);
      result.rows.push({ ...bare, store: label });
      const logFile = join(dir, `floor-${label}.log`);
      const from = await logMark(logFile);
      result.rows.push(await measure(label, FLOOR_START_RATE, each, start, pid, RATE));
      const line = await readDiag(join(dir, `diag-floor-${label}.jsonl`));
      const own = await serverTimes(logFile, from, '/passwordless/start');
      if (line) rateDiags.push(`${label} floor: ${line}${own ? `; ${own}` : ''}`);
    } finally {
      await floor.stop();
    }
  }
  return result;
}

/** Each floor beside ours' row of the same run, the ratios, and what the floors say of the goals. */
function printFloors(floors: FloorResult, rows: Row[], peer: PeerResult | null) {
  const ratio = (a: number | null | undefined, b: number | null | undefined) =>
    a != null && b != null && Number.isFinite(a / b) && b > 0 ? `${(a / b).toFixed(2)}×` : '-';
  const cpu = (r: { cpuUs: number | null; dbCpuUs?: number | null }) =>
    r.cpuUs === null ? null : r.cpuUs + (r.dbCpuUs ?? 0);
  const cpuText = (r: { cpuUs: number | null; dbCpuUs?: number | null }) =>
    r.cpuUs === null ? '-' : `${Math.round(r.cpuUs)}${r.dbCpuUs != null ? ` + ${Math.round(r.dbCpuUs)}` : ''}`;
  const table: Record<string, string | number>[] = [];
  const med = (runs: PeerRun[]) => ({
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    cpuUs: median(runs.map((r) => r.cpuUs ?? NaN)),
  });
  const peerRuns = (server: string, kind: PeerKind) =>
    peer?.runs.filter((r) => r.round >= 0 && r.server === server && r.kind === kind) ?? [];
  const tokenFloor: Record<PeerKind, ReturnType<typeof med>> = {
    client_credentials: med(floors.cc),
    refresh: med(floors.refresh),
  };
  const theirs: Partial<Record<PeerKind, ReturnType<typeof med>>> = {};
  for (const [kind, label, runs] of [
    ['client_credentials', 'client_credentials (ES256 JWT)', floors.cc],
    ['refresh', 'refresh (rotation, RS256 ID token)', floors.refresh],
  ] as const) {
    const oursRuns = peerRuns('ours', kind);
    const ours = oursRuns.length ? med(oursRuns) : null;
    if (peerRuns('oidc-provider', kind).length) theirs[kind] = med(peerRuns('oidc-provider', kind));
    const f = tokenFloor[kind];
    table.push({
      floor: label,
      'req/s': Math.round(f.rps),
      'p50 ms': f.p50,
      'p99 ms': f.p99,
      'CPU µs/req': Number.isFinite(f.cpuUs) ? Math.round(f.cpuUs) : '-',
      'ours req/s': ours ? Math.round(ours.rps) : '-',
      'ours p99 ms': ours ? ours.p99 : '-',
      'ours CPU µs/req': ours && Number.isFinite(ours.cpuUs) ? Math.round(ours.cpuUs) : '-',
      'ours/floor req/s': ratio(ours?.rps, f.rps),
      'ours/floor CPU': ratio(ours?.cpuUs, f.cpuUs),
      rounds: runs.map((r) => Math.round(r.rps)).join(' / '),
    });
  }
  const oursOf = (store: string, name: string) => rows.find((r) => r.store === store && r.name.startsWith(name));
  for (const f of floors.rows) {
    const mine =
      f.name === FLOOR_BARE_RATE
        ? undefined
        : oursOf(f.store, f.name === FLOOR_START_RATE ? `start at ${RATE} req/s` : 'start (email code, webhook)');
    table.push({
      floor: `${f.store} ${f.name.replace('floor: ', '')}`,
      'req/s': Math.round(f.rps),
      'p50 ms': f.p50,
      'p99 ms': f.p99,
      'CPU µs/req': cpuText(f),
      'ours req/s': mine ? Math.round(mine.rps) : '-',
      'ours p99 ms': mine ? mine.p99 : '-',
      'ours CPU µs/req': mine ? cpuText(mine) : '-',
      'ours/floor req/s': f.name === FLOOR_START_RATE || f.name === FLOOR_BARE_RATE ? '-' : ratio(mine?.rps, f.rps),
      'ours/floor CPU': ratio(mine ? cpu(mine) : null, cpu(f)),
      rounds: `bare ${Math.round(f.bare)}`,
    });
  }
  console.log(
    `\nfloor rows (bench/server/floor.ts, each its own process: Fastify, pino's access line to a file, ` +
      `and only what the request must do), beside ours' row of the same run; CPU as server + database µs`,
  );
  console.table(table);
  const says: string[] = [];
  for (const [kind, goal] of [
    ['client_credentials', 2.5],
    ['refresh', 1.5],
  ] as const) {
    const peerRps = theirs[kind]?.rps;
    if (!peerRps) continue;
    const r = tokenFloor[kind].rps / peerRps;
    says.push(
      `${kind}: the floor answers ${r.toFixed(2)}× oidc-provider's req/s in this run ` +
        `(goal ours ≥ ${goal}×: ${r >= goal ? 'the floor reaches it' : 'below the floor on this machine'})`,
    );
  }
  const peerRefreshP99 = theirs.refresh?.p99;
  if (peerRefreshP99 !== undefined && Number.isFinite(tokenFloor.refresh.p99)) {
    const f = tokenFloor.refresh.p99;
    says.push(
      `refresh p99: the floor's ${f} ms, oidc-provider's ${peerRefreshP99} ms (goal ours ≤ the peer's: ` +
        `${f <= peerRefreshP99 ? 'the floor meets it' : 'the floor itself is above it'})`,
    );
  }
  for (const [store, goal] of [
    ['sqlite', 5],
    ['postgres', 10],
  ] as const) {
    const paced = floors.rows.find((r) => r.store === store && r.name === FLOOR_START_RATE);
    const bare = floors.rows.find((r) => r.store === store && r.name === FLOOR_BARE_RATE);
    if (paced) {
      says.push(
        `${store} start at ${RATE} req/s: the floor's p99 ${paced.p99} ms, the bare route's at the same pace ` +
          `just before ${bare?.p99 ?? '-'} ms (goal ours ≤ ${goal} ms: ` +
          `${paced.p99 <= goal ? 'the floor meets it' : 'the floor itself is above it'})`,
      );
    }
  }
  for (const name of [FLOOR_START_EACH, FLOOR_START_GROUPED]) {
    const lite = floors.rows.find((r) => r.store === 'sqlite' && r.name === name);
    const post = floors.rows.find((r) => r.store === 'postgres' && r.name === name);
    if (lite && post) {
      const share = (post.rps / lite.rps) * 100;
      says.push(
        `PostgreSQL / SQLite, ${name}: ${share.toFixed(0)} % ` +
          `(goal ours ≥ 80 %: ${share >= 80 ? 'the floors reach it' : 'below the floor on this machine'})`,
      );
    }
  }
  if (says.length > 0) console.log(`what the floors say of the goals:\n  ${says.join('\n  ')}`);
}

async function startRedis(dir: string): Promise<Child | null> {
  if (spawnSync('redis-server', ['--version']).status !== 0) return null;
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  return spawnChild(
    'redis-server',
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {},
    join(dir, 'redis.log'),
    // A raw PING: a Redis client would log every refused connection while the server starts.
    () =>
      new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('error', () => resolve(false));
        socket.once('connect', () => socket.write('PING\r\n'));
        socket.once('data', (d) => {
          resolve(d.toString().startsWith('+PONG'));
          socket.destroy();
        });
      }),
    url,
  );
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'pwl-bench-'));
  const load = loadavg().map((l) => l.toFixed(1));
  const children: Child[] = [];
  let postgres: PostgresServer | null = null;
  const rows: Row[] = [];
  let peer: PeerResult | null = null;
  let floors: FloorResult | null = null;
  try {
    const receiver = await nodeChild('receiver', 'bench/server/receiver.ts', [], dir);
    children.push(receiver);
    const bare = await nodeChild('bare', 'bench/server/bare.ts', [], dir);
    children.push(bare);
    bareUrl = bare.url;
    barePid = bare.proc.pid;
    rows.push(await measure('-', 'bare Fastify POST (JSON echo)', `${bare.url}/bare`, bareBody, barePid));
    const hookUrl = `${receiver.url}/hook`;
    ourCli = await buildOurs();
    const wantPostgres = STORES.includes('postgres') && (STORE_ROWS || FLOORS);
    if (wantPostgres && skipWithoutPostgres) {
      console.log('PostgreSQL (initdb, pg_ctl) is not installed: no PostgreSQL rows');
    } else if (wantPostgres) {
      // Durable defaults (fsync and synchronous_commit on), as a deployment runs it.
      postgres = await startPostgres({ durable: true });
      postmasterPid = await postmasterOf(postgres.url);
      clusterUrl = postgres.url;
      await clusterSettings();
    }
    if (PEER) peer = await peerRows(dir, hookUrl);
    if (FLOORS && FLOORS_FIRST) floors = await floorRows(dir, hookUrl, postgres, peer);

    if (STORES.includes('sqlite') && STORE_ROWS) {
      const path = join(dir, 'bench.sqlite');
      rows.push(
        ...(await storeRows(
          'sqlite',
          dir,
          hookUrl,
          { type: 'sqlite', path },
          () => new SqliteStore(path),
          sqliteTransaction,
          async (store, n, now) => {
            await prefill(store, n, now, sqliteTransaction(store));
            prefillSqliteUsers(store as SqliteStore, n, now);
          },
        )),
      );
    }
    if (STORES.includes('redis') && STORE_ROWS) {
      const redis = await startRedis(dir);
      if (!redis) console.log('redis-server is not installed: no Redis rows');
      else {
        children.push(redis);
        rows.push(
          ...(await storeRows(
            'redis',
            dir,
            hookUrl,
            { type: 'redis', url: redis.url, prefix: 'bench:' },
            () => new RedisStore(redis.url, { prefix: 'bench:' }),
            () => (fn) => fn(),
            async (store, n, now) => {
              await prefill(store, n, now, (fn) => fn(), 500);
              await prefillRedisUsers(redis.url, 'bench:', n, now);
            },
          )),
        );
      }
    }
    if (postgres && STORE_ROWS) {
      {
        const cluster = postgres;
        rows.push(
          ...(await storeRows(
            'postgres',
            dir,
            hookUrl,
            { type: 'postgres', url: cluster.url },
            () => new PostgresStore(cluster.url),
            () => (fn) => fn(),
            (store, n, now) => prefillPostgres(store as PostgresStore, n, now),
            (store, now) => preparePostgres(store as PostgresStore, now),
          )),
        );
      }
    }
    if (FLOORS && !FLOORS_FIRST) floors = await floorRows(dir, hookUrl, postgres, peer);
    const received = (await (await fetch(`${receiver.url}/`)).json()) as { received: number };

    console.log(
      `\nserver benchmark: out of process (server CLI, bare Fastify, webhook receiver: child processes; ` +
        `autocannon here), ${SECONDS} s a row, ${CONNECTIONS} connections, loopback, Node ${process.version}, ` +
        `${cpus().length} cores, load average ${load.join(' ')} at start, ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} at end; each row's share is of a bare run just before it; ` +
        `webhook messages received: ${received.received}`,
    );
    console.table(
      rows.map((r) => ({
        store: r.store,
        row: r.name,
        'req/s': Math.round(r.rps),
        'bare req/s': Math.round(r.bare),
        'of bare': `${((r.rps / r.bare) * 100).toFixed(0)} %`,
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        'CPU µs/req': r.cpuUs === null ? '-' : Math.round(r.cpuUs),
        'DB CPU µs/req': r.dbCpuUs == null ? '-' : Math.round(r.dbCpuUs),
        '2xx': r.ok,
        'non-2xx': r.non2xx,
        errors: r.errors,
      })),
    );
    if (rateDiags.length > 0) {
      console.log(`the server during start at ${RATE} req/s (bench/server/diag.mjs):\n  ${rateDiags.join('\n  ')}`);
    }
    if (walLines.length > 0)
      console.log(`PostgreSQL's WAL (pg_stat_wal, after a CHECKPOINT):\n  ${walLines.join('\n  ')}`);
    if (peer) printPeer(peer);
    if (floors) printFloors(floors, rows, peer);
    for (const label of ['sqlite', 'redis', 'postgres']) {
      for (const [kind, freshRow] of [
        ['start', 'start (email'],
        ['token', 'token (OTP grant, success)'],
      ] as const) {
        const fresh = rows.find((r) => r.store === label && r.name.startsWith(freshRow));
        const filled = rows.find((r) => r.store === label && r.name.startsWith(`${kind} after`));
        if (fresh && filled) {
          console.log(
            `${label}: ${kind} after the prefill runs at ${((filled.rps / fresh.rps) * 100).toFixed(0)} % of empty`,
          );
        }
      }
    }
    for (const kind of ['start (email', 'token (OTP grant, success)', 'token (OTP grant, ES256', 'refresh']) {
      const ofSqlite = rows.find((r) => r.store === 'sqlite' && r.name.startsWith(kind));
      const ofPostgres = rows.find((r) => r.store === 'postgres' && r.name.startsWith(kind));
      if (ofSqlite && ofPostgres) {
        console.log(
          `postgres / sqlite, ${ofSqlite.name}: ${((ofPostgres.rps / ofSqlite.rps) * 100).toFixed(0)} % of SQLite's req/s`,
        );
      }
    }
  } finally {
    for (const c of children.reverse()) await c.stop();
    await postgres?.stop();
    // BENCH_KEEP=1 keeps the run's folder (the servers' logs, diagnostics, databases) and names it.
    if (process.env.BENCH_KEEP === '1') console.log(`the run's folder, kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  for (const r of [...rows, ...(peer?.runs ?? []), ...(floors?.cc ?? []), ...(floors?.rows ?? [])]) {
    if (r.non2xx > 0) problems.push(`${r.store} ${r.name}: ${r.non2xx} non-2xx answers`);
  }
  if (problems.length > 0) {
    console.error(`\nthe benchmark ran into problems:\n- ${[...new Set(problems)].join('\n- ')}`);
    process.exitCode = 1;
  }
}

await main();
