/**
 * What the store-outage tests (Redis, PostgreSQL) share: an app on a loopback port whose logs are
 * kept, its two store-bound requests, waiting for a condition, and one request whose answer and
 * time are kept. Times are printed by the tests, never compared with a clock bound (speed lives
 * in bench/).
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp, loggerOptions } from '../../src/server/app.js';
import type { ServerConfig } from '../../src/server/config.js';
import { isErrorShape, OTP_GRANT, until } from './helpers.js';

/** Polls `check` every 50 ms until it is true; the ms it took, or an error after `ms`. */
export function waitFor(check: () => Promise<boolean>, ms: number): Promise<number> {
  return until(check, 'the condition', ms, 50);
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

export interface OutageApp {
  app: FastifyInstance;
  url: string;
  /** Every log line the app wrote, as written. */
  logs: string[];
  /** POST /passwordless/start of an email code. */
  start(email: string): Promise<Timed>;
  /** POST /oauth/token with a (wrong) code of `email`. */
  token(email: string): Promise<Timed>;
  health(): Promise<Timed>;
}

/** The app of `config` listening on a free loopback port, its logs kept. */
export async function startOutageApp(config: ServerConfig): Promise<OutageApp> {
  const logs: string[] = [];
  const app = await buildApp({
    config,
    logger: loggerOptions(
      config,
      new Writable({
        write(chunk, _e, cb) {
          logs.push(String(chunk));
          cb();
        },
      }),
    ),
    print: () => {},
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const json = (path: string, body: unknown) =>
    timed(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return {
    app,
    url,
    logs,
    start: (email) => json('/passwordless/start', { client_id: 'demo', connection: 'email', email, send: 'code' }),
    token: (email) =>
      json('/oauth/token', {
        grant_type: OTP_GRANT,
        client_id: 'demo',
        realm: 'email',
        username: email,
        otp: '123456',
      }),
    health: () => timed(`${url}/health`),
  };
}

/** Each answer is 503 temporarily_unavailable in the error shape, with a Retry-After. */
export function assertUnavailable(answers: Timed[]): void {
  for (const a of answers) {
    assert.equal(a.status, 503, a.body);
    assert.ok(isErrorShape(a.contentType, a.body), a.body);
    assert.equal(JSON.parse(a.body).error, 'temporarily_unavailable');
    assert.ok(Number(a.retryAfter) >= 1, 'Retry-After');
  }
}

/** Four rounds of start, token and /health while the store is away, their times printed. */
export async function answersWhileDown(s: OutageApp): Promise<Timed[]> {
  const answers: Timed[] = [];
  for (let i = 0; i < 4; i++) {
    answers.push(await s.start(`down${i}@example.com`), await s.token(`down${i}@example.com`), await s.health());
  }
  console.log(`# outage answers (ms): ${answers.map((a) => `${a.status}/${a.ms}`).join(' ')}`);
  return answers;
}
