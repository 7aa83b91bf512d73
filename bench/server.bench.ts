/**
 * Load benchmark of the verification API on loopback: POST /passwordless/start and POST
 * /oauth/token (OTP grant, successful logins: two ES256 signatures each), beside a bare Fastify
 * JSON route measured in the same run and process, so the figures read relative to the machine.
 * Store: SQLite (WAL) in a temp dir; delivery: in-memory outbox; logging off; rate limits raised.
 * Prints a table; never passes or fails on a time. BENCH_SECONDS (default 5), BENCH_CONNECTIONS (10).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { GRANT_PASSWORDLESS_OTP } from '../src/protocol/index.js';
import { buildApp } from '../src/server/app.js';
import { parseConfig } from '../src/server/config.js';
import { generateId, makeHasher } from '../src/server/secrets.js';
import { SqliteStore } from '../src/server/store/sqlite.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SECRET = 'bench-secret-bench-secret-bench-secret';

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
}

/** Runs autocannon against `url`, POSTing a fresh JSON body from `body()` for every request. */
async function measure(name: string, url: string, body: () => string): Promise<Row> {
  let shown = false;
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: body() }),
        onResponse: (status, resBody) => {
          if (status >= 300 && !shown) {
            shown = true;
            console.log(`first non-2xx answer of ${name}: ${status} ${resBody}`);
          }
        },
      },
    ],
  });
  return {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'pwl-bench-'));
  const store = new SqliteStore(join(dir, 'bench.sqlite'));
  const config = parseConfig({
    secret: SECRET,
    log_level: 'silent',
    store: { type: 'sqlite', path: join(dir, 'bench.sqlite') },
    limits: {
      starts_per_ip_per_hour: 1_000_000_000,
      resends_per_window: 1_000_000_000,
      sms_per_prefix_per_hour: 1_000_000_000,
    },
    clients: [{ client_id: 'bench', name: 'Bench', connections: ['email', 'sms'] }],
  });
  const app = await buildApp({ config, store, print: () => {} });
  const api = await app.listen({ port: 0, host: '127.0.0.1' });

  const bare = Fastify({ logger: false });
  bare.post('/bare', async (req) => ({ ok: true, echo: (req.body as { email?: string }).email }));
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

  // Codes for successful OTP logins: one fresh recipient per request, stored as the server would.
  const hash = makeHasher(SECRET);
  const now = Date.now();
  const LOGINS = 60_000;
  store.db.transaction(() => {
    for (let i = 0; i < LOGINS; i++) {
      store.createChallenge({
        id: generateId(),
        client_id: 'bench',
        connection: 'email',
        identifier: `login${i}@example.com`,
        code_hash: hash('otp', String(i % 1_000_000).padStart(6, '0')),
        link_hash: null,
        send: 'code',
        auth_params: null,
        created_at: now,
        code_expires_at: now + 3600_000,
        link_expires_at: null,
        max_attempts: 3,
      });
    }
  })();

  let s = 0;
  let t = 0;
  const rows: Row[] = [];
  rows.push(
    await measure('bare Fastify POST (JSON echo)', `${bareUrl}/bare`, () => JSON.stringify({ email: 'a@example.com' })),
  );
  rows.push(
    await measure('POST /passwordless/start (email code)', `${api}/passwordless/start`, () =>
      JSON.stringify({ client_id: 'bench', connection: 'email', send: 'code', email: `start${s++}@example.com` }),
    ),
  );
  rows.push(
    await measure('POST /oauth/token (OTP grant, success)', `${api}/oauth/token`, () => {
      const i = t++;
      return JSON.stringify({
        grant_type: GRANT_PASSWORDLESS_OTP,
        client_id: 'bench',
        realm: 'email',
        username: `login${i}@example.com`,
        otp: String(i % 1_000_000).padStart(6, '0'),
      });
    }),
  );

  const base = rows[0]!.rps;
  console.log(
    `\nserver benchmark: ${SECONDS} s per row, ${CONNECTIONS} connections, loopback, Node ${process.version}`,
  );
  console.table(
    rows.map((r) => ({
      route: r.name,
      'req/s': Math.round(r.rps),
      'vs bare': `${((r.rps / base) * 100).toFixed(1)} %`,
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      '2xx': r.ok,
      'non-2xx': r.non2xx,
      errors: r.errors,
    })),
  );
  if (t > LOGINS) console.log(`note: ${t - LOGINS} token requests ran out of prepared codes (counted as non-2xx)`);
  await app.close();
  await bare.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
}

await main();
