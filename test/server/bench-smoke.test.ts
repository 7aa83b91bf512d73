/**
 * Smoke test of `npm run bench:server`: one second a row and a small prefill, so CI knows the
 * benchmark still runs end to end (children start, every row gets answers, none is an error).
 * It asserts no figure: timings belong to the benchmark's table, never to a test. The same for
 * `npm run soak` (10 s): it ran on each store, answered every request and stopped cleanly. The
 * PostgreSQL rows and soak run on their own (skipped without PostgreSQL installed).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';
import { skipWithoutPostgres } from './postgres-server.js';

const root = join(import.meta.dirname, '..', '..');

/** Runs `script` (under bench/) to its end with `env` added; it must exit 0. Its output, stdout and stderr. */
async function runScript(script: string, env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', `bench/${script}`], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  assert.equal(code, 0, out);
  return out;
}

/** Each of `rows` is named in the benchmark's output. */
function assertRows(out: string, rows: string[]): void {
  for (const row of rows) assert.ok(out.includes(row), `row "${row}" in:\n${out}`);
}

it(
  'npm run bench:server runs every row on SQLite and Redis and the peer rows (1 s a row)',
  { timeout: 480_000 },
  async () => {
    const out = await runScript('server.bench.ts', {
      BENCH_STORES: 'sqlite,redis',
      BENCH_SECONDS: '1',
      BENCH_PREFILL: '2000',
      BENCH_IDLE_SECONDS: '1',
    });
    assertRows(out, [
      'bare Fastify POST',
      'start (email code, webhook)',
      'token (OTP grant, success)',
      'token (OTP grant, ES256 client)',
      'refresh (rotation)',
    ]);
    assert.match(out, /'sqlite'.*start after 2,000 users \+ rate events/);
    assert.match(out, /'redis'.*token after 2,000 users/);
    assert.match(out, /'redis'.*start at 500 req\/s/);
    // The peer rows: ours and oidc-provider, each row, then both idle RSS figures and the ratios.
    for (const row of ['client_credentials', 'refresh']) {
      for (const server of ['ours', 'oidc-provider']) {
        assert.match(out, new RegExp(`'${row}'\\s*│\\s*'${server}'\\s*│\\s*\\d+`), `${server} ${row} in:\n${out}`);
      }
    }
    assert.match(out, /'oidc-provider'\s*│\s*'\d+\.\d'/, "the peer's idle RSS");
    assert.match(out, /ratios ours \/ oidc-provider: client_credentials req\/s \d+\.\d\d×, refresh req\/s \d+\.\d\d×/);
  },
);

it(
  'npm run bench:server runs every PostgreSQL row, the bulk prefill included (2 s a row)',
  { timeout: 480_000, skip: skipWithoutPostgres },
  async () => {
    // Two seconds a row: the first requests on a new cluster (connections, prepared statements)
    // must fit in a row for it to count any answer.
    const out = await runScript('server.bench.ts', {
      BENCH_STORES: 'postgres',
      BENCH_PEER: '0',
      BENCH_SECONDS: '2',
      BENCH_PREFILL: '2000',
    });
    assertRows(out, [
      'start (email code, webhook)',
      'token (OTP grant, success)',
      'token (OTP grant, ES256 client)',
      'refresh (rotation)',
      'start at 500 req/s',
      'start after 2,000 users + rate events',
      'token after 2,000 users',
    ]);
    assert.match(out, /'postgres'\s*│\s*'refresh \(rotation\)'\s*│\s*\d+/);
    assert.match(out, /postgres: token after the prefill runs at \d+ % of empty/);
  },
);

it(
  'npm run bench:server runs the floor rows and prints each floor with numeric figures beside ours (1 s a row)',
  { timeout: 480_000 },
  async () => {
    // PostgreSQL's floor when a cluster can be made; ours' SQLite start row, so one ratio has both sides.
    const out = await runScript('server.bench.ts', {
      BENCH_ROWS: 'start,floors',
      BENCH_STORES: skipWithoutPostgres ? 'sqlite' : 'sqlite,postgres',
      BENCH_PEER: '0',
      BENCH_SECONDS: '1',
      BENCH_ROUNDS: '1',
    });
    const num = String.raw`\d+(?:\.\d+)?`;
    /** A floor's line of the table: req/s, p50, p99 and CPU µs/req (server, + database on PostgreSQL). */
    const floorLine = (name: string, cpu = String.raw`'${num}'`) =>
      new RegExp(String.raw`'${name}'\s*│\s*${num}\s*│\s*${num}\s*│\s*${num}\s*│\s*${cpu}\s*│`);
    assert.match(out, floorLine(String.raw`client_credentials \(ES256 JWT\)`, num), out);
    // The refresh floor answered every request with a rotated token (a non-2xx fails the script).
    assert.match(out, floorLine(String.raw`refresh \(rotation, RS256 ID token\)`, num), out);
    const starts = ['start, a commit each', 'start, commits grouped as ours', 'start at 500 req/s'];
    for (const row of starts) assert.match(out, floorLine(`sqlite ${row}`), out);
    // The bare route at the same pace, next to the paced floor: the machine's own p99 at that rate.
    assert.match(out, floorLine('sqlite bare route at 500 req/s'), out);
    // Ours' start beside its floors, and the ratios of both.
    assert.match(out, new RegExp(String.raw`'sqlite start, a commit each'.*│\s*'${num}×'\s*│\s*'${num}×'\s*│`), out);
    assert.match(out, /sqlite start at 500 req\/s: the floor's p99 \d+(\.\d+)? ms/);
    if (!skipWithoutPostgres) {
      for (const row of starts) assert.match(out, floorLine(`postgres ${row}`, String.raw`'${num} \+ ${num}'`), out);
      assert.match(out, /PostgreSQL \/ SQLite, floor: start, a commit each: \d+ %/);
    }
  },
);

it('npm run soak runs its mixed load on SQLite and Redis without an error (10 s)', { timeout: 300_000 }, async () => {
  const out = await runScript('soak.ts', { SOAK_SECONDS: '10', SOAK_STORES: 'sqlite,redis' });
  assert.match(out, /soak: no errors/);
  for (const store of ['sqlite', 'redis']) {
    if (store === 'redis' && out.includes('redis-server is not installed')) continue;
    assert.match(out, new RegExp(`${store}: 10 s at 500 req/s`), out);
    assert.match(out, new RegExp(`${store}[^]*server exit on SIGTERM: 0`), out);
  }
});

it(
  'npm run soak runs its mixed load on PostgreSQL without an error but load shedding (10 s, 50 req/s)',
  { timeout: 300_000, skip: skipWithoutPostgres },
  async () => {
    // A tenth of the soak's rate: the smoke shows the PostgreSQL soak works end to end (throwaway
    // cluster with durable commits, migrations behind /ready, clean stop), not what a busy machine
    // sustains. On a busy one the store sheds load with 503 temporarily_unavailable once a
    // connection or statement waits past its bound (1 s): allowed here (SOAK_ALLOW_503), while a
    // 500, another error or a lost connection still fails.
    const out = await runScript('soak.ts', {
      SOAK_SECONDS: '10',
      SOAK_STORES: 'postgres',
      SOAK_RATE: '50',
      SOAK_ALLOW_503: '1',
    });
    assert.match(out, /soak: no errors/);
    assert.match(out, /postgres: 10 s at 50 req\/s/, out);
    assert.match(out, /postgres[^]*server exit on SIGTERM: 0/, out);
  },
);

it(
  'bench/store-step.bench.ts prints the store step of a start on SQLite, PostgreSQL and its floor',
  { timeout: 180_000, skip: skipWithoutPostgres },
  async () => {
    const out = await runScript('store-step.bench.ts', { STEP_STARTS: '60', STEP_ROUNDS: '1' });
    assertRows(out, [
      '| SQLite beginStart |',
      '| PostgreSQL beginStart |',
      '| PostgreSQL floor (plain grouped writes) |',
    ]);
    // Every row has figures: the database's CPU is read from /proc on PostgreSQL's rows.
    assert.doesNotMatch(out, /\| PostgreSQL [^|]+ \|[^\n]*\| – \|/, out);
  },
);
