/**
 * An open-loop load at a steady rate: request i is due at start + i / rate, whatever the answers
 * before it, and its latency runs from that due time to the end of its answer (so a client that
 * falls behind counts its own delay too: no coordinated omission). autocannon's `overallRate` is
 * a cap, not a pace: each connection sends its quota for the second back to back and then waits
 * for the next second, so "500 req/s" arrives as a burst at the top of every second and its p99 is
 * the time the burst takes to drain. The benches' fixed-rate rows (the soak, start at 500 req/s)
 * run here instead. It takes autocannon's request shape (method, path, headers, body,
 * setupRequest, onResponse) and answers the part of autocannon's result the benches read.
 */
import type autocannon from 'autocannon';
import { Pool, type Dispatcher } from 'undici';

export interface PacedOptions {
  /** The server's base URL (http://127.0.0.1:port). */
  url: string;
  /** Requests a second, evenly spaced. */
  rate: number;
  seconds: number;
  request: autocannon.Request;
  /**
   * Connections (default 16), all opened before the first due request and kept open to the end, so
   * the server's open sockets stay the same over the run (its handle count then shows its own
   * leaks, not the generator's connections coming and going). A due request that finds every
   * connection busy waits in the pool, and that wait is in its latency.
   */
  connections?: number;
  /** What the connections are opened with, one GET each (default /health). */
  warmPath?: string;
  /** An answer slower than this counts as a timeout (default 10 s). */
  timeoutMs?: number;
}

export interface PacedResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; max: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** The q-quantile of sorted samples (nearest rank), in ms with one decimal. */
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const v = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return Math.round(v * 10) / 10;
}

export async function paced(o: PacedOptions): Promise<PacedResult> {
  const base = new URL(o.url);
  const connections = o.connections ?? 16;
  const pool = new Pool(base.origin, {
    connections,
    headersTimeout: o.timeoutMs ?? 10_000,
    bodyTimeout: o.timeoutMs ?? 10_000,
    // Longer than any run: an idle connection is never closed and opened again mid-run.
    keepAliveTimeout: 600_000,
    keepAliveMaxTimeout: 600_000,
  });
  // Every connection open before the first due request: as many GETs at once as connections.
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const res = await pool.request({ method: 'GET', path: o.warmPath ?? '/health' });
      await res.body.dump();
    }),
  );
  const latencies: number[] = [];
  const result: PacedResult = {
    requests: { total: 0, average: 0 },
    latency: { p50: 0, p99: 0, max: 0 },
    '2xx': 0,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
  };
  const template = o.request;
  const setup = template.setupRequest as ((req: autocannon.Request, context: object) => autocannon.Request) | undefined;
  const onResponse = template.onResponse as ((status: number, body: string, context: object) => void) | undefined;

  const fire = async (due: number): Promise<void> => {
    const r = (setup ? setup({ ...template }, {}) : template) as {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
    };
    try {
      const res = await pool.request({
        method: (r.method ?? 'GET') as Dispatcher.HttpMethod,
        path: r.path ?? (base.pathname + base.search || '/'),
        headers: r.headers ?? {},
        body: r.body,
      });
      const text = await res.body.text();
      latencies.push(performance.now() - due);
      result.requests.total++;
      if (res.statusCode >= 200 && res.statusCode < 300) result['2xx']++;
      else result.non2xx++;
      onResponse?.(res.statusCode, text, {});
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') result.timeouts++;
      else result.errors++;
    }
  };

  const interval = 1000 / o.rate;
  const total = Math.floor(o.seconds * o.rate);
  const inFlight = new Set<Promise<void>>();
  const t0 = performance.now();
  let sent = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && t0 + sent * interval <= now) {
        const p: Promise<void> = fire(t0 + sent * interval).finally(() => inFlight.delete(p));
        inFlight.add(p);
        sent++;
      }
      if (sent >= total) return done();
      setTimeout(tick, Math.max(0, t0 + sent * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  const elapsed = (performance.now() - t0) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  result.requests.average = Math.round(result.requests.total / elapsed);
  result.latency = { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: quantile(latencies, 1) };
  return result;
}
