/** Shared test setup: a real server on a loopback port with an injectable clock and captured logs. */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp, loggerOptions, type BuildOptions } from '../../src/server/app.js';
import { parseConfig, type ServerConfig } from '../../src/server/config.js';
import { SqliteStore } from '../../src/server/store/sqlite.js';
import type { OutboxMessage } from '../../src/protocol/index.js';

export const ORIGIN = 'http://localhost:5173';
export const REDIRECT = `${ORIGIN}/callback.html`;
export const SECRET = 'test-secret-test-secret-test-secret-42';

export class TestClock {
  t = Date.now();
  now = () => this.t;
  advance(seconds: number) {
    this.t += seconds * 1000;
  }
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  clock: TestClock;
  store: SqliteStore;
  logs: string[];
  outbox(): Promise<OutboxMessage[]>;
  lastCode(to: string): Promise<string>;
  close(): Promise<void>;
}

export function baseConfig(overrides: Record<string, unknown> = {}): ServerConfig {
  return parseConfig({
    secret: SECRET,
    store: { type: 'sqlite', path: ':memory:' },
    log_level: 'info',
    clients: [
      {
        client_id: 'demo',
        name: 'Demo App',
        allowed_origins: [ORIGIN],
        redirect_uris: [REDIRECT, `${ORIGIN}/`],
        connections: ['email', 'sms'],
      },
      {
        client_id: 'backend',
        name: 'Backend',
        client_secret: 'backend-secret-backend-secret',
        connections: ['email'],
      },
    ],
    ...overrides,
  });
}

export async function startServer(
  overrides: Record<string, unknown> = {},
  options: Omit<BuildOptions, 'config'> = {},
): Promise<TestServer> {
  const clock = new TestClock();
  const store = new SqliteStore(':memory:');
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const config = baseConfig(overrides);
  const app = await buildApp({
    config,
    store,
    now: clock.now,
    logger: loggerOptions(config, stream),
    print: () => {},
    ...options,
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const outbox = async () => (await (await fetch(`${url}/dev/outbox`)).json()) as OutboxMessage[];
  return {
    url,
    app,
    clock,
    store,
    logs,
    outbox,
    async lastCode(to: string) {
      const m = (await outbox()).find((x) => x.to === to);
      if (!m) throw new Error(`no message to ${to}`);
      return m.code;
    },
    async close() {
      await app.close();
      store.close();
    },
  };
}

export interface Res<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function post<T = any>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
  const form = headers['content-type'] === 'application/x-www-form-urlencoded';
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body:
      typeof body === 'string'
        ? body
        : form
          ? new URLSearchParams(body as Record<string, string>).toString()
          : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export async function get<T = any>(url: string, headers: Record<string, string> = {}): Promise<Res<T>> {
  const res = await fetch(url, { headers, redirect: 'manual' });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export const startEmail = (s: TestServer, email: string, extra: Record<string, unknown> = {}, headers = {}) =>
  post(
    `${s.url}/passwordless/start`,
    { client_id: 'demo', connection: 'email', email, send: 'code', ...extra },
    headers,
  );

export const startSms = (s: TestServer, phone: string, extra: Record<string, unknown> = {}, headers = {}) =>
  post(
    `${s.url}/passwordless/start`,
    { client_id: 'demo', connection: 'sms', phone_number: phone, send: 'code', ...extra },
    headers,
  );

export const OTP_GRANT = 'http://auth0.com/oauth/grant-type/passwordless/otp';

export const otpLogin = (s: TestServer, username: string, otp: string, extra: Record<string, unknown> = {}) =>
  post(`${s.url}/oauth/token`, {
    grant_type: OTP_GRANT,
    client_id: 'demo',
    username,
    otp,
    realm: username.startsWith('+') ? 'sms' : 'email',
    ...extra,
  });

/** A wrong code for `code` (differs in every run, never equal). */
export const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
