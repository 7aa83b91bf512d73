/** Shared test setup: a real server on a loopback port with an injectable clock and captured logs. */
import { createHash, randomBytes } from 'node:crypto';
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

/**
 * Waits for a condition, not for time: re-checks `check` (a throw counts as "not yet") every
 * `stepMs` until it holds, and fails naming `what` once `ms` have passed. Returns the ms it took,
 * for a printed diagnostic (never for an assertion: speed lives in bench/).
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 30_000,
  stepMs = 25,
): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return Date.now() - t0;
    if (Date.now() - t0 > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
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
        post_logout_redirect_uris: [REDIRECT],
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

/** A PKCE pair (S256): the verifier a client keeps, the challenge it sends. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * The demo client's authorization request to `origin`/authorize: code flow, PKCE S256 with
 * `challenge`, state st-1, nonce n-1; `params` override these (undefined leaves one out).
 */
export function demoAuthorizeUrl(
  origin: string,
  challenge: string,
  params: Record<string, string | undefined> = {},
): string {
  const q = new URLSearchParams();
  const all: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: 'demo',
    redirect_uri: REDIRECT,
    scope: 'openid email',
    state: 'st-1',
    nonce: 'n-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...params,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) q.set(k, v);
  return `${origin}/authorize?${q}`;
}

/** A browser's cookie jar, enough for one origin: keeps what Set-Cookie sets, forgets what it expires. */
export class Jar {
  cookies = new Map<string, string>();
  take(headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=');
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name!);
      else this.cookies.set(name!, value!);
    }
  }
  header(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }
}

/** GET `url` as a browser with `jar` does: its cookies sent, the answer's kept. */
export async function getWithJar(jar: Jar, url: string) {
  const res = await get(url, jar.header());
  jar.take(res.headers);
  return res;
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

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes bytes to the server on a fresh socket and reads the first HTTP answer (framing tests:
 * fetch cannot send a malformed request line, bad header or oversized URL).
 */
export async function rawRequest(url: string, payload: string | Buffer, timeoutMs = 5000): Promise<RawResponse> {
  const { connect } = await import('node:net');
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return reject(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
      const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      let body = text.slice(end + 4);
      const length = headers['content-length'];
      if (length !== undefined) body = Buffer.from(body, 'latin1').subarray(0, Number(length)).toString('utf8');
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body });
    };
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      // One answer is enough: stop once its body is complete (keep-alive sockets stay open).
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const m = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
      if (end >= 0 && m && Buffer.byteLength(text.slice(end + 4), 'latin1') >= Number(m[1])) {
        socket.destroy();
        finish();
      }
    });
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', (err) => {
      if (chunks.length > 0) return finish();
      settled = true;
      clearTimeout(timer);
      reject(err);
    });
    socket.write(payload);
  });
}

/** Asserts the documented error shape: JSON with string `error` and `error_description` only. */
export function isErrorShape(contentType: string | null | undefined, body: unknown): boolean {
  if (!contentType?.startsWith('application/json')) return false;
  const parsed = typeof body === 'string' ? safeJson(body) : body;
  return (
    typeof parsed === 'object' &&
    parsed !== null &&
    typeof (parsed as Record<string, unknown>).error === 'string' &&
    typeof (parsed as Record<string, unknown>).error_description === 'string' &&
    Object.keys(parsed).length === 2
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
