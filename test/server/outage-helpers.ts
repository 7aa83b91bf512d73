/**
 * What the store-outage tests (Redis, PostgreSQL) share: waiting for a condition, and one request
 * whose answer and time are kept. Times are printed by the tests, never compared with a clock
 * bound (speed lives in bench/).
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `check` every 50 ms until it is true; the ms it took, or an error after `ms`. */
export async function waitFor(check: () => Promise<boolean>, ms: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await check().catch(() => false)) return Date.now() - t0;
    await sleep(50);
  }
  throw new Error(`not within ${ms} ms`);
}

export interface Timed {
  status: number;
  ms: number;
  retryAfter: string | null;
  contentType: string | null;
  body: string;
}

export async function timed(url: string, init: RequestInit = {}): Promise<Timed> {
  const t0 = performance.now();
  // Give up at 8 s, so a request that hangs fails the test instead of stalling it.
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(8000) });
  const body = await res.text();
  return {
    status: res.status,
    ms: Math.round(performance.now() - t0),
    retryAfter: res.headers.get('retry-after'),
    contentType: res.headers.get('content-type'),
    body,
  };
}
