/**
 * `npm run soak`: the API under a steady mixed load for a while, to see that it holds: no errors,
 * flat latency, no growth. Per store (SQLite file, Redis on its own redis-server when installed,
 * PostgreSQL on a throwaway cluster of its own when installed), the server runs through its CLI in
 * its own process, as the package ships it (the bundled command, scripts/lib/server-bundle.mjs; no
 * loader in the process; info logging to a file, metrics on their own listener, email by webhook to the bench's
 * receiver, bench/server/receiver.ts, compiled too and in a process of its own that keeps the codes;
 * this process collects them every 50 ms), and five paced load generators here send
 * (bench/server/paced.ts: evenly spaced requests, each latency from its due time), each at a fifth
 * of SOAK_RATE:
 * - start: POST /passwordless/start to a new address each time;
 * - otp: POST /oauth/token, the OTP grant, with a code a start delivered;
 * - refresh: POST /oauth/token, refresh_token, each token's successor put back in the pool;
 * - userinfo: GET /userinfo with an access token of an earlier sign-in;
 * - jwks: GET /.well-known/jwks.json.
 * It prints errors and p50/p99 per kind, and the server's RSS, open handles (its own metrics) and
 * file descriptors at a sixth of the run (10 s of 60) and at its end, beside the goals; then where
 * the time went: the server's event-loop delay, GC pauses and CPU over the run (bench/server/diag.mjs)
 * and the CPU this process (the load generators) used. It exits 1
 * when a request failed or the server did not stop cleanly on SIGTERM; never on a time.
 * Env: SOAK_SECONDS (60), SOAK_RATE (500 req/s in all), SOAK_STORES (sqlite,redis,postgres),
 * SOAK_ALLOW_503 (see below).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type autocannon from 'autocannon';
import { paced } from './server/paced.js';
import { build } from 'esbuild';
import { bundleServer } from '../scripts/lib/server-bundle.mjs';
import { GRANT_PASSWORDLESS_OTP, GRANT_REFRESH_TOKEN } from '../src/protocol/index.js';
import { skipWithoutPostgres, startPostgres, type PostgresServer } from '../test/server/postgres-server.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const RATE = Number(process.env.SOAK_RATE ?? 500);
const STORES = (process.env.SOAK_STORES ?? 'sqlite,redis,postgres').split(',');
/**
 * SOAK_ALLOW_503=1: answers 503 `temporarily_unavailable` (a store shedding load on a machine too
 * busy for it) are reported but do not fail the soak; any other error still does (the PostgreSQL
 * smoke test on a shared CI machine).
 */
const ALLOW_503 = process.env.SOAK_ALLOW_503 === '1';
const KINDS = ['start', 'otp', 'refresh', 'userinfo', 'jwks'] as const;
type Kind = (typeof KINDS)[number];
const PER_KIND = RATE / KINDS.length;
/** Sign-ins made before the run: their refresh tokens circulate, their access tokens are read. */
const SEEDED = 200;
const EARLY = Math.max(1, SECONDS / 6);
const GOALS = { p99Ms: 20, rssGrowth: 0.1 };
const ROOT = join(import.meta.dirname, '..');
const SECRET = 'soak-secret-soak-secret-soak-secret-soak';
const HOOK_SECRET = 'soak-webhook-secret-0123';
const MANY = 1_000_000_000;

/**
 * The server as a deployment runs it, the package's bundled command (scripts/lib/server-bundle.mjs),
 * and the receiver transpiled by esbuild into plain JS; both under node_modules, so their imports
 * resolve, and run by node without tsx, whose loader would add a module-hooks thread and
 * on-the-fly compilation to the measured process. Answers the paths of the CLI and the receiver.
 */
async function buildCompiled(): Promise<{ cli: string; receiver: string }> {
  const outdir = join(ROOT, 'node_modules', '.cache', 'pwl-soak');
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: ['bench/server/receiver.ts'],
    absWorkingDir: ROOT,
    outdir,
    outbase: '.',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  // Under node_modules, Node looks no further up for the package's "type".
  writeFileSync(join(outdir, 'package.json'), '{"type":"module"}\n');
  const { entry } = await bundleServer(outdir);
  return { cli: entry, receiver: join(outdir, 'bench/server/receiver.js') };
}
let compiled: { cli: string; receiver: string };

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function until(check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(100);
  }
}

/**
 * The webhook receiver (bench/server/receiver.ts, keeping the codes) in its own process, so the
 * load generators here do not serve the deliveries; `codes` is filled from it every 50 ms, oldest
 * first.
 */
async function receiver(dir: string) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = await spawnLogged(
    process.execPath,
    [compiled.receiver],
    { PORT: String(port), KEEP_CODES: '1', NODE_ENV: 'production' },
    join(dir, 'receiver.log'),
  );
  await until(async () => (await fetch(`${base}/`)).ok, 'the webhook receiver answers');
  const codes: { to: string; code: string }[] = [];
  let busy = false;
  const poll = setInterval(() => {
    if (busy) return;
    busy = true;
    fetch(`${base}/codes`)
      .then(async (res) => codes.push(...((await res.json()) as typeof codes)))
      .catch(() => {})
      .finally(() => (busy = false));
  }, 50);
  return {
    url: `${base}/hook`,
    codes,
    close: async () => {
      clearInterval(poll);
      child.proc.kill('SIGTERM');
      await Promise.race([child.exited, sleep(5000)]);
      if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGKILL');
    },
  };
}

interface Sample {
  at: number;
  rssMb: number;
  handles: number;
  fds: number;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function sample(pid: number, metricsUrl: string, at: number): Promise<Sample> {
  const text = await (await fetch(metricsUrl)).text();
  const handles = text
    .split('\n')
    .filter((l) => l.startsWith('pwl_nodejs_active_handles{'))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
  return { at, rssMb: rssMb(pid), handles, fds: readdirSync(`/proc/${pid}/fd`).length };
}

/**
 * Cumulative bucket counts of the server's histograms, by `le` and a key: `METHOD route` for
 * requests, `store <operation>` for store operations, `delivery <provider>` for messages sent.
 */
type Buckets = Map<string, Map<number, number>>;

/**
 * The server's own buckets, read from its metrics: `pwl_http_request_duration_seconds` (2xx answers),
 * `pwl_store_operation_duration_seconds` and `pwl_delivery_duration_seconds` (sent).
 */
async function requestBuckets(metricsUrl: string): Promise<Buckets> {
  const text = await (await fetch(metricsUrl)).text();
  const out: Buckets = new Map();
  const line = /^pwl_(http_request|store_operation|delivery)_duration_seconds_bucket\{(.*)\} (\d+)$/;
  for (const l of text.split('\n')) {
    const m = line.exec(l);
    if (!m) continue;
    const labels = Object.fromEntries([...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    let key: string;
    if (m[1] === 'http_request') {
      if (!labels.status?.startsWith('2')) continue;
      key = `${labels.method} ${labels.route}`;
    } else if (m[1] === 'store_operation') {
      key = `store ${labels.operation}`;
    } else {
      if (labels.outcome !== 'sent') continue;
      key = `delivery ${labels.provider}`;
    }
    const le = labels.le === '+Inf' ? Infinity : Number(labels.le);
    const byLe = out.get(key) ?? new Map<number, number>();
    byLe.set(le, (byLe.get(le) ?? 0) + Number(m[3]));
    out.set(key, byLe);
  }
  return out;
}

/**
 * The bucket bound under which 99 % of the answers between two readings fell, in ms: the
 * server's own view of a route's p99 (from its request hook to its answer), without the time a
 * request waited in a socket or the load generator's own delays.
 */
function serverP99(before: Buckets, after: Buckets, key: string): number | undefined {
  const a = after.get(key);
  if (!a) return undefined;
  const b = before.get(key) ?? new Map<number, number>();
  const les = [...a.keys()].sort((x, y) => x - y);
  const total = a.get(Infinity)! - (b.get(Infinity) ?? 0);
  if (total <= 0) return undefined;
  const le = les.find((l) => a.get(l)! - (b.get(l) ?? 0) >= total * 0.99)!;
  return le * 1000;
}

/** Which of the server's routes each kind of request reaches. */
const ROUTE_OF: Record<Kind, string> = {
  start: 'POST /passwordless/start',
  otp: 'POST /oauth/token',
  refresh: 'POST /oauth/token',
  userinfo: 'GET /userinfo',
  jwks: 'GET /.well-known/jwks.json',
};

interface KindResult {
  kind: Kind;
  /** Of the errors, answers 503 temporarily_unavailable (a store shedding load), in the error shape. */
  shed: number;
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  /** The server's own p99 for the kind's route (a bucket bound; otp and refresh share one route). */
  serverP99?: number;
  firstError?: string;
}

/** What bench/server/diag.mjs saw in the server over the run. */
interface Diag {
  wallMs: number;
  cpuShare: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  gc: Record<string, { count: number; totalMs: number; maxMs: number; over5ms: number }>;
}

interface StoreResult {
  store: string;
  kinds: KindResult[];
  samples: Sample[];
  exitCode: number | null;
  dried: number;
  diag?: Diag;
  /** The server's p99 (bucket bounds, ms) of a start's two waits: its store step and its webhook delivery. */
  startParts: { store?: number; delivery?: number };
  /** CPU this process (five paced load generators, the code collector) used over the run, in cores. */
  generatorCpu: number;
}

async function spawnLogged(cmd: string, args: string[], env: Record<string, string>, log: string) {
  const fd = openSync(log, 'a');
  const proc = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
  const exited = new Promise<number | null>((r) =>
    proc.once('exit', (code, signal) => r(code ?? (signal ? 128 : null))),
  );
  return { proc, exited };
}

async function startRedis(dir: string): Promise<{ url: string; proc: ChildProcess } | null> {
  if (spawnSync('redis-server', ['--version']).status !== 0) return null;
  const port = await freePort();
  const { proc } = await spawnLogged(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {},
    join(dir, 'redis.log'),
  );
  await until(
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
    'redis-server answers',
  );
  return { url: `redis://127.0.0.1:${port}`, proc };
}

/**
 * `post` for the seeding before the run (not measured): a 503 (a store shedding load at start on a
 * busy machine) is tried again, ten times at most.
 */
async function seedPost(url: string, body: () => unknown): Promise<{ status: number; json: Record<string, string> }> {
  for (let attempt = 1; ; attempt++) {
    // A new body each time: a start that answered 503 may still have counted its recipient's limit.
    const res = await post(url, body());
    if (res.status !== 503 || attempt >= 10) return res;
    await sleep(200 * attempt);
  }
}

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, string> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, string> };
}

async function soak(label: string, dir: string, store: Record<string, unknown>): Promise<StoreResult> {
  const hook = await receiver(dir);
  const port = await freePort();
  const metricsPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = {
    secret: SECRET,
    store,
    email: { provider: 'webhook', url: hook.url, secret: HOOK_SECRET },
    sms: { provider: 'webhook', url: hook.url, secret: HOOK_SECRET },
    limits: { starts_per_ip_per_hour: MANY, resends_per_window: MANY, token_failures_per_ip_per_hour: MANY },
    clients: [{ client_id: 'soak', name: 'Soak', connections: ['email'] }],
    metrics: { port: metricsPort },
  };
  const configFile = join(dir, `${label}.json`);
  const diagFile = join(dir, `diag-${label}.jsonl`);
  writeFileSync(configFile, JSON.stringify(config));
  const server = await spawnLogged(
    process.execPath,
    ['--import', './bench/server/diag.mjs', compiled.cli, '--config', configFile],
    { PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', PWL_DIAG_FILE: diagFile },
    join(dir, `server-${label}.log`),
  );
  const pid = server.proc.pid!;
  let exitCode: number | null = null;
  try {
    // /ready, not /health: a PostgreSQL store migrates after the listener opens (503 until done).
    await until(async () => (await fetch(`${url}/ready`)).ok, `the ${label} server answers /ready`);
    let n = 0;
    const start = () => ({ client_id: 'soak', connection: 'email', send: 'code', email: `soak${n++}@example.com` });

    // Seed: sign-ins whose refresh tokens circulate and whose access tokens /userinfo reads.
    const refreshTokens: string[] = [];
    const accessTokens: string[] = [];
    for (let i = 0; i < SEEDED; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          const s = await seedPost(`${url}/passwordless/start`, start);
          if (s.status !== 200) throw new Error(`seed start: ${s.status} ${JSON.stringify(s.json)}`);
        }),
      );
    }
    await until(async () => hook.codes.length >= SEEDED, 'the seed codes arrive');
    await Promise.all(
      hook.codes.splice(0).map(async ({ to, code }) => {
        const t = await seedPost(`${url}/oauth/token`, () => ({
          grant_type: GRANT_PASSWORDLESS_OTP,
          client_id: 'soak',
          realm: 'email',
          username: to,
          otp: code,
          scope: 'openid offline_access',
        }));
        if (t.status !== 200) throw new Error(`seed sign-in: ${t.status} ${JSON.stringify(t.json)}`);
        refreshTokens.push(t.json.refresh_token!);
        accessTokens.push(t.json.access_token!);
      }),
    );
    // Codes for the first ten seconds of sign-ins (starts are the slowest kind); the run's own starts deliver the rest.
    const buffer = Math.ceil(PER_KIND * 10);
    for (let i = 0; i < buffer; i += 20) {
      await Promise.all(Array.from({ length: 20 }, () => seedPost(`${url}/passwordless/start`, start)));
    }
    await until(async () => hook.codes.length >= buffer, 'the buffered codes arrive');

    let dried = 0;
    const firstErrors = new Map<Kind, string>();
    const shed = new Map<Kind, number>(KINDS.map((k) => [k, 0]));
    const onResponse = (kind: Kind) => (status: number, body: string) => {
      if (status === 503 && body.includes('"temporarily_unavailable"')) shed.set(kind, shed.get(kind)! + 1);
      if (status >= 300 && !firstErrors.has(kind)) firstErrors.set(kind, `${status} ${body.slice(0, 200)}`);
    };
    const jwks = { method: 'GET' as const, path: '/.well-known/jwks.json' };
    // What a sign-in or refresh sends when no code or token is ready (counted as `dried`): a GET
    // with no body and none of the POST's headers (a stale content-length would garble the stream).
    const fallback = { ...jwks, headers: {}, body: undefined };
    const requests: Record<Kind, autocannon.Request> = {
      start: {
        method: 'POST',
        path: '/passwordless/start',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify(start()) }),
        onResponse: onResponse('start'),
      },
      otp: {
        method: 'POST',
        path: '/oauth/token',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => {
          const next = hook.codes.shift();
          if (!next) {
            dried++;
            return { ...req, ...fallback };
          }
          const body = { grant_type: GRANT_PASSWORDLESS_OTP, client_id: 'soak', realm: 'email', otp: next.code };
          return { ...req, body: JSON.stringify({ ...body, username: next.to }) };
        },
        onResponse: onResponse('otp'),
      },
      refresh: {
        method: 'POST',
        path: '/oauth/token',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => {
          const token = refreshTokens.shift();
          if (!token) {
            dried++;
            return { ...req, ...fallback };
          }
          return {
            ...req,
            body: JSON.stringify({ grant_type: GRANT_REFRESH_TOKEN, client_id: 'soak', refresh_token: token }),
          };
        },
        onResponse: (status, body) => {
          onResponse('refresh')(status, body);
          if (status === 200) {
            const next = (JSON.parse(body) as { refresh_token?: string }).refresh_token;
            if (next) refreshTokens.push(next);
          }
        },
      },
      userinfo: {
        method: 'GET',
        path: '/userinfo',
        setupRequest: (req) => ({
          ...req,
          headers: { authorization: `Bearer ${accessTokens[Math.floor(Math.random() * accessTokens.length)]}` },
        }),
        onResponse: onResponse('userinfo'),
      },
      jwks: { ...jwks, onResponse: onResponse('jwks') },
    };

    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const samples: Sample[] = [];
    const bucketsBefore = await requestBuckets(metricsUrl);
    const t0 = Date.now();
    server.proc.kill('SIGUSR2');
    const cpu0 = process.cpuUsage();
    // The late sample a little before the end: the load generators close their connections at it.
    const timers = [EARLY, Math.max(EARLY, SECONDS - 3)].map((s) =>
      setTimeout(() => {
        void sample(pid, metricsUrl, Math.round((Date.now() - t0) / 1000)).then((x) => samples.push(x));
      }, s * 1000),
    );
    // Each kind at a steady pace (bench/server/paced.ts): autocannon's overallRate would send each
    // second's quota as a burst at its start.
    const runs = await Promise.all(
      KINDS.map((kind) => paced({ url, rate: PER_KIND, seconds: SECONDS, request: requests[kind] })),
    );
    timers.forEach(clearTimeout);
    const used = process.cpuUsage(cpu0);
    const generatorCpu = (used.user + used.system) / 1000 / (Date.now() - t0);
    server.proc.kill('SIGUSR2');
    await until(async () => samples.length === 2, 'the samples are taken', 10_000);
    const bucketsAfter = await requestBuckets(metricsUrl);
    await until(async () => existsSync(diagFile), 'the server writes its diagnostics', 10_000).catch(() => {});
    const diag = existsSync(diagFile) ? (JSON.parse(readFileSync(diagFile, 'utf8')) as Diag) : undefined;
    const kinds = runs.map((r, i) => ({
      kind: KINDS[i]!,
      requests: r.requests.total,
      errors: r.non2xx + r.errors + r.timeouts,
      shed: shed.get(KINDS[i]!)!,
      p50: r.latency.p50,
      p99: r.latency.p99,
      serverP99: serverP99(bucketsBefore, bucketsAfter, ROUTE_OF[KINDS[i]!]),
      firstError: firstErrors.get(KINDS[i]!),
    }));
    // A clean stop is part of the soak: SIGTERM, then exit 0 within the grace period.
    server.proc.kill('SIGTERM');
    exitCode = await Promise.race([server.exited, sleep(30_000).then(() => null)]);
    const startParts = {
      store: serverP99(bucketsBefore, bucketsAfter, 'store beginStart'),
      delivery: serverP99(bucketsBefore, bucketsAfter, 'delivery webhook'),
    };
    return {
      store: label,
      kinds,
      samples: samples.sort((a, b) => a.at - b.at),
      exitCode,
      dried,
      diag,
      generatorCpu,
      startParts,
    };
  } finally {
    if (server.proc.exitCode === null && server.proc.signalCode === null) server.proc.kill('SIGKILL');
    await hook.close();
  }
}

/** Answers 503 temporarily_unavailable over every store (only allowed with SOAK_ALLOW_503). */
let shedTotal = 0;

function report(r: StoreResult): string[] {
  const problems: string[] = [];
  if (ALLOW_503) shedTotal += r.kinds.reduce((sum, k) => sum + k.shed, 0);
  console.log(`\n${r.store}: ${SECONDS} s at ${RATE} req/s (${PER_KIND} req/s per kind)`);
  console.table(
    r.kinds.map((k) => ({
      kind: k.kind,
      requests: k.requests,
      'req/s': Math.round(k.requests / SECONDS),
      errors: k.errors,
      'of them 503': k.shed,
      'p50 ms': k.p50,
      'p99 ms': k.p99,
      'goal p99 ms': `≤ ${GOALS.p99Ms}`,
      'p99 goal met': k.p99 <= GOALS.p99Ms ? 'yes' : 'NO',
      'server p99 ms ≤': k.serverP99 ?? '-',
    })),
  );
  console.log(
    "server p99: the bound of the server's own latency histogram (request hook to answer, 2xx) under which 99 % fell; " +
      'otp and refresh share POST /oauth/token',
  );
  const [early, late] = r.samples;
  if (early && late) {
    const growth = (late.rssMb - early.rssMb) / early.rssMb;
    console.table([
      { at: `${early.at} s`, 'RSS MB': early.rssMb.toFixed(1), handles: early.handles, fds: early.fds },
      { at: `${late.at} s`, 'RSS MB': late.rssMb.toFixed(1), handles: late.handles, fds: late.fds },
    ]);
    console.log(
      `RSS growth ${(growth * 100).toFixed(1)} % (goal ≤ ${GOALS.rssGrowth * 100} %: ${growth <= GOALS.rssGrowth ? 'met' : 'NOT met'}); ` +
        `handles ${early.handles} → ${late.handles} (goal flat: ${late.handles <= early.handles ? 'met' : 'NOT met'}); ` +
        `fds ${early.fds} → ${late.fds}`,
    );
  }
  if (r.diag) {
    const d = r.diag;
    const gc = Object.entries(d.gc)
      .map(([kind, g]) => `${kind} ${g.count}× (${g.over5ms} over 5 ms, longest ${g.maxMs} ms, ${g.totalMs} ms in all)`)
      .join('; ');
    console.log(
      `server over the run: CPU ${d.cpuShare} of a core; event-loop delay p50 ${d.eventLoopDelayMs.p50} / ` +
        `p99 ${d.eventLoopDelayMs.p99} / max ${d.eventLoopDelayMs.max} ms; GC ${gc || 'none'}`,
    );
  }
  console.log(
    `a start in the server: store step (beginStart) p99 ≤ ${r.startParts.store ?? '-'} ms, ` +
      `webhook delivery (to the receiver's answer) p99 ≤ ${r.startParts.delivery ?? '-'} ms`,
  );
  console.log(`load generators (this process): CPU ${r.generatorCpu.toFixed(2)} of a core`);
  if (r.dried > 0) console.log(`${r.dried} requests found no code or refresh token ready and asked for the JWKS`);
  console.log(`server exit on SIGTERM: ${r.exitCode}`);
  for (const k of r.kinds) {
    const counted = ALLOW_503 ? k.errors - k.shed : k.errors;
    if (counted > 0) problems.push(`${r.store} ${k.kind}: ${k.errors} errors (first: ${k.firstError ?? 'socket'})`);
    if (k.requests === 0) problems.push(`${r.store} ${k.kind}: no requests`);
  }
  if (r.exitCode !== 0) problems.push(`${r.store}: the server exited ${r.exitCode} on SIGTERM`);
  return problems;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'pwl-soak-'));
  const problems: string[] = [];
  const load = loadavg().map((l) => l.toFixed(1));
  let redis: { url: string; proc: ChildProcess } | null = null;
  let postgres: PostgresServer | null = null;
  try {
    compiled = await buildCompiled();
    if (STORES.includes('sqlite')) {
      problems.push(...report(await soak('sqlite', dir, { type: 'sqlite', path: join(dir, 'soak.sqlite') })));
    }
    if (STORES.includes('redis')) {
      redis = await startRedis(dir);
      if (!redis) console.log('\nredis-server is not installed: no Redis soak');
      else problems.push(...report(await soak('redis', dir, { type: 'redis', url: redis.url, prefix: 'soak:' })));
    }
    if (STORES.includes('postgres')) {
      if (skipWithoutPostgres) console.log('\nPostgreSQL (initdb, pg_ctl) is not installed: no PostgreSQL soak');
      else {
        // Durable defaults (fsync and synchronous_commit on), as a deployment runs it.
        postgres = await startPostgres({ durable: true });
        problems.push(...report(await soak('postgres', dir, { type: 'postgres', url: postgres.url })));
      }
    }
  } finally {
    redis?.proc.kill('SIGKILL');
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\nsoak: Node ${process.version}, load average ${load.join(' ')} at start, ` +
      `${loadavg()
        .map((l) => l.toFixed(1))
        .join(
          ' ',
        )} at end; latencies are from each request's due time (a steady pace) to its answer, from this process on loopback`,
  );
  if (problems.length > 0) {
    console.error(`\nthe soak ran into problems:\n- ${problems.join('\n- ')}`);
    process.exitCode = 1;
  } else {
    console.log(
      shedTotal > 0
        ? `soak: no errors other than ${shedTotal} answers 503 temporarily_unavailable (allowed by SOAK_ALLOW_503)`
        : 'soak: no errors',
    );
  }
}

await main();
