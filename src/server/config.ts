/**
 * Server configuration: its shape, its defaults, and validation.
 *
 * Other tools write these files, so key names are a contract: add keys, never rename. A bad key or
 * value throws a ConfigError whose message names the key (`config.email.provider: …`), and the CLI
 * stops on it. Unknown keys are refused so a typo never silently falls back to a default.
 */
import { CONNECTIONS, DEFAULTS, type Connection } from '../protocol/index.js';

export interface ClientConfig {
  client_id: string;
  name: string;
  allowed_origins: string[];
  redirect_uris: string[];
  connections: Connection[];
  /** Confidential clients only; a public browser client has none. */
  client_secret?: string;
}

export type EmailProviderConfig =
  | { provider: 'outbox'; from?: string; timeout_ms?: number }
  | { provider: 'smtp'; url: string; from: string; timeout_ms?: number }
  | { provider: 'webhook'; url: string; secret: string; from?: string; timeout_ms?: number };

export type SmsProviderConfig =
  | { provider: 'outbox'; timeout_ms?: number }
  | {
      provider: 'twilio';
      account_sid: string;
      auth_token: string;
      from?: string;
      messaging_service_sid?: string;
      base_url?: string;
      timeout_ms?: number;
    }
  | { provider: 'webhook'; url: string; secret: string; timeout_ms?: number };

export interface ConnectionOptions {
  /** When true, unknown identifiers never get an account (and the answer does not reveal it). */
  disable_signup?: boolean;
}
export type EmailConfig = EmailProviderConfig & ConnectionOptions;
export type SmsConfig = SmsProviderConfig &
  ConnectionOptions & {
    /** ISO 3166 alpha-2 codes; absent or empty means every country. */
    allowed_countries?: string[];
  };

export interface Limits {
  code_ttl_seconds: number;
  sms_code_ttl_seconds: number;
  link_ttl_seconds: number;
  max_attempts_per_code: number;
  max_consecutive_failures: number;
  lockout_seconds: number;
  starts_per_ip_per_hour: number;
  resend_interval_seconds: number;
  resends_per_window: number;
  resend_window_seconds: number;
  sms_prefix_digits: number;
  sms_per_prefix_per_hour: number;
  authorization_code_ttl_seconds: number;
  token_ttl_seconds: number;
  refresh_token_ttl_seconds: number;
  /** Lifetime of a hosted-login session (single sign-on). */
  session_ttl_seconds: number;
}

export interface ServerConfig {
  issuer?: string;
  host: string;
  port: number;
  secret: string;
  store: { type: 'sqlite'; path: string } | { type: 'redis'; url: string; prefix?: string };
  email: EmailConfig;
  sms: SmsConfig;
  clients: ClientConfig[];
  /** PKCS#8 PEM of a P-256 key. Absent: generated on first start and kept in the store. */
  signing_key?: string;
  limits: Limits;
  /** Largest accepted request body, in bytes. */
  body_limit: number;
  /** Trust X-Forwarded-For (only behind a proxy you control). */
  trust_proxy: boolean;
  log_level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** Everything but `secret` and `clients` has a default; `issuer` defaults to http://host:port. */
export type ServerConfigInput = Partial<Omit<ServerConfig, 'limits'>> & {
  limits?: Partial<Limits>;
};

export const DEFAULT_LIMITS: Limits = {
  code_ttl_seconds: DEFAULTS.codeTtlSeconds,
  sms_code_ttl_seconds: DEFAULTS.codeTtlSeconds,
  link_ttl_seconds: DEFAULTS.linkTtlSeconds,
  max_attempts_per_code: DEFAULTS.maxAttemptsPerCode,
  max_consecutive_failures: DEFAULTS.maxConsecutiveFailures,
  lockout_seconds: DEFAULTS.lockoutSeconds,
  starts_per_ip_per_hour: DEFAULTS.startsPerIpPerHour,
  resend_interval_seconds: DEFAULTS.resendIntervalSeconds,
  resends_per_window: DEFAULTS.resendsPerWindow,
  resend_window_seconds: DEFAULTS.resendWindowSeconds,
  sms_prefix_digits: 6,
  sms_per_prefix_per_hour: 30,
  authorization_code_ttl_seconds: DEFAULTS.authorizationCodeTtlSeconds,
  token_ttl_seconds: DEFAULTS.tokenTtlSeconds,
  refresh_token_ttl_seconds: 30 * 24 * 3600,
  session_ttl_seconds: 7 * 24 * 3600,
};

export const DEFAULT_BODY_LIMIT = 16 * 1024;
export const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    problem: string,
  ) {
    super(`${key}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function onlyKeys(o: Obj, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) {
      throw new ConfigError(`${path}.${k}`, `unknown key (allowed: ${allowed.join(', ')})`);
    }
  }
}
function str(o: Obj, key: string, path: string, opts: { required?: boolean; min?: number } = {}) {
  const v = o[key];
  if (v === undefined) {
    if (opts.required) throw new ConfigError(`${path}.${key}`, 'is required');
    return undefined;
  }
  if (typeof v !== 'string') throw new ConfigError(`${path}.${key}`, 'must be a string');
  if (opts.min !== undefined && v.length < opts.min) {
    throw new ConfigError(`${path}.${key}`, `must be at least ${opts.min} characters`);
  }
  return v;
}
function int(o: Obj, key: string, path: string, min: number, max: number): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ConfigError(`${path}.${key}`, `must be an integer from ${min} to ${max}`);
  }
  return v;
}
function bool(o: Obj, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new ConfigError(`${path}.${key}`, 'must be true or false');
  return v;
}
function oneOf<T extends string>(o: Obj, key: string, path: string, values: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw new ConfigError(`${path}.${key}`, `must be one of ${values.join(', ')}`);
  }
  return v as T;
}
function httpUrl(o: Obj, key: string, path: string, schemes: string[], required = true) {
  const v = str(o, key, path, { required });
  if (v === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(`${path}.${key}`, 'must be an absolute URL');
  }
  if (!schemes.includes(u.protocol)) {
    throw new ConfigError(`${path}.${key}`, `must use ${schemes.join(' or ')}`);
  }
  return v;
}
function strList(o: Obj, key: string, path: string, check?: (s: string, p: string) => void) {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw new ConfigError(`${path}.${key}`, 'must be an array of strings');
  return v.map((item, i) => {
    if (typeof item !== 'string') throw new ConfigError(`${path}.${key}[${i}]`, 'must be a string');
    check?.(item, `${path}.${key}[${i}]`);
    return item;
  });
}

function origin(s: string, p: string): void {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new ConfigError(p, 'must be an origin like https://app.example.com');
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.origin !== s) {
    throw new ConfigError(p, 'must be an origin like https://app.example.com (no path, no slash)');
  }
}
function absoluteUri(s: string, p: string): void {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new ConfigError(p, 'must be an absolute http(s) URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new ConfigError(p, 'must be an absolute http(s) URL');
  }
  if (u.hash) throw new ConfigError(p, 'must not have a fragment');
}

function parseEmail(v: unknown): EmailConfig {
  const path = 'config.email';
  if (v === undefined) return { provider: 'outbox' };
  if (!isObj(v)) throw new ConfigError(path, 'must be an object');
  const provider = oneOf(v, 'provider', path, ['outbox', 'smtp', 'webhook'] as const);
  const common = {
    disable_signup: bool(v, 'disable_signup', path),
    timeout_ms: int(v, 'timeout_ms', path, 1, 600_000),
  };
  const base = ['provider', 'disable_signup', 'timeout_ms', 'from'];
  if (provider === 'outbox') {
    onlyKeys(v, path, base);
    return strip({ provider, from: str(v, 'from', path), ...common });
  }
  if (provider === 'smtp') {
    onlyKeys(v, path, [...base, 'url']);
    const url = httpUrl(v, 'url', path, ['smtp:', 'smtps:'])!;
    return strip({ provider, url, from: str(v, 'from', path, { required: true })!, ...common });
  }
  onlyKeys(v, path, [...base, 'url', 'secret']);
  const url = httpUrl(v, 'url', path, ['http:', 'https:'])!;
  const secret = str(v, 'secret', path, { required: true, min: 16 })!;
  return strip({ provider, url, secret, from: str(v, 'from', path), ...common });
}

function parseSms(v: unknown): SmsConfig {
  const path = 'config.sms';
  if (v === undefined) return { provider: 'outbox' };
  if (!isObj(v)) throw new ConfigError(path, 'must be an object');
  const provider = oneOf(v, 'provider', path, ['outbox', 'twilio', 'webhook'] as const);
  const allowed_countries = strList(v, 'allowed_countries', path, (s, p) => {
    if (!/^[A-Z]{2}$/.test(s)) throw new ConfigError(p, 'must be an ISO 3166 alpha-2 code like "US"');
  });
  const common = {
    disable_signup: bool(v, 'disable_signup', path),
    timeout_ms: int(v, 'timeout_ms', path, 1, 600_000),
    allowed_countries,
  };
  const base = ['provider', 'disable_signup', 'timeout_ms', 'allowed_countries'];
  if (provider === 'outbox') {
    onlyKeys(v, path, base);
    return strip({ provider, ...common });
  }
  if (provider === 'twilio') {
    onlyKeys(v, path, [...base, 'account_sid', 'auth_token', 'from', 'messaging_service_sid', 'base_url']);
    const from = str(v, 'from', path);
    const messaging_service_sid = str(v, 'messaging_service_sid', path);
    if (!from && !messaging_service_sid) {
      throw new ConfigError(`${path}.from`, 'is required (or messaging_service_sid)');
    }
    return strip({
      provider,
      account_sid: str(v, 'account_sid', path, { required: true })!,
      auth_token: str(v, 'auth_token', path, { required: true })!,
      from,
      messaging_service_sid,
      base_url: httpUrl(v, 'base_url', path, ['http:', 'https:'], false),
      ...common,
    });
  }
  onlyKeys(v, path, [...base, 'url', 'secret']);
  const url = httpUrl(v, 'url', path, ['http:', 'https:'])!;
  return strip({ provider, url, secret: str(v, 'secret', path, { required: true, min: 16 })!, ...common });
}

function parseClients(v: unknown): ClientConfig[] {
  const path = 'config.clients';
  if (!Array.isArray(v) || v.length === 0) throw new ConfigError(path, 'must be a non-empty array');
  const seen = new Set<string>();
  return v.map((c, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(c)) throw new ConfigError(p, 'must be an object');
    onlyKeys(c, p, ['client_id', 'name', 'allowed_origins', 'redirect_uris', 'connections', 'client_secret']);
    const client_id = str(c, 'client_id', p, { required: true, min: 1 })!;
    if (seen.has(client_id)) throw new ConfigError(`${p}.client_id`, `duplicate client_id "${client_id}"`);
    seen.add(client_id);
    const connections = strList(c, 'connections', p, (s, pp) => {
      if (!(CONNECTIONS as readonly string[]).includes(s)) throw new ConfigError(pp, 'must be email or sms');
    }) as Connection[] | undefined;
    return strip({
      client_id,
      name: str(c, 'name', p, { required: true, min: 1 })!,
      allowed_origins: strList(c, 'allowed_origins', p, origin) ?? [],
      redirect_uris: strList(c, 'redirect_uris', p, absoluteUri) ?? [],
      connections: connections ?? ['email', 'sms'],
      client_secret: str(c, 'client_secret', p, { min: 16 }),
    });
  });
}

function parseLimits(v: unknown): Limits {
  const path = 'config.limits';
  if (v === undefined) return { ...DEFAULT_LIMITS };
  if (!isObj(v)) throw new ConfigError(path, 'must be an object');
  onlyKeys(v, path, Object.keys(DEFAULT_LIMITS));
  const out = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
    const n = int(v, key, path, 1, 1_000_000_000);
    if (n !== undefined) out[key] = n;
  }
  if (out.sms_code_ttl_seconds > DEFAULTS.smsCodeMaxTtlSeconds) {
    throw new ConfigError(
      `${path}.sms_code_ttl_seconds`,
      `must be at most ${DEFAULTS.smsCodeMaxTtlSeconds} (10 minutes)`,
    );
  }
  if (out.sms_prefix_digits > 15) throw new ConfigError(`${path}.sms_prefix_digits`, 'must be at most 15');
  return out;
}

const TOP_KEYS = [
  'issuer',
  'host',
  'port',
  'secret',
  'store',
  'email',
  'sms',
  'clients',
  'signing_key',
  'limits',
  'body_limit',
  'trust_proxy',
  'log_level',
] as const;

/** Validates a parsed config file (or object) and fills in defaults. Throws ConfigError. */
export function parseConfig(input: unknown): ServerConfig {
  const path = 'config';
  if (!isObj(input)) throw new ConfigError(path, 'must be a JSON object');
  onlyKeys(input, path, TOP_KEYS);
  const issuer = httpUrl(input, 'issuer', path, ['http:', 'https:'], false);
  if (issuer !== undefined) {
    const u = new URL(issuer);
    if (u.search || u.hash || issuer.endsWith('/')) {
      throw new ConfigError('config.issuer', 'must be an origin or path without a trailing slash, query or fragment');
    }
  }
  let store: ServerConfig['store'] = { type: 'sqlite', path: '.data/passwordless.sqlite' };
  if (input.store !== undefined) {
    if (!isObj(input.store)) throw new ConfigError('config.store', 'must be an object');
    const type = oneOf(input.store, 'type', 'config.store', ['sqlite', 'redis'] as const);
    if (type === 'sqlite') {
      onlyKeys(input.store, 'config.store', ['type', 'path']);
      store = { type, path: str(input.store, 'path', 'config.store', { min: 1 }) ?? '.data/passwordless.sqlite' };
    } else {
      onlyKeys(input.store, 'config.store', ['type', 'url', 'prefix']);
      const url = httpUrl(input.store, 'url', 'config.store', ['redis:', 'rediss:'])!;
      store = strip({ type, url, prefix: str(input.store, 'prefix', 'config.store', { min: 1 }) });
    }
  }
  const signing_key = str(input, 'signing_key', path);
  if (signing_key !== undefined && !signing_key.includes('BEGIN PRIVATE KEY')) {
    throw new ConfigError('config.signing_key', 'must be a PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----") of a P-256 key');
  }
  return strip({
    issuer,
    host: str(input, 'host', path, { min: 1 }) ?? '127.0.0.1',
    port: int(input, 'port', path, 0, 65535) ?? 3000,
    secret: str(input, 'secret', path, { required: true, min: 32 })!,
    store,
    email: parseEmail(input.email),
    sms: parseSms(input.sms),
    clients: parseClients(input.clients),
    signing_key,
    limits: parseLimits(input.limits),
    body_limit: int(input, 'body_limit', path, 1024, 10 * 1024 * 1024) ?? DEFAULT_BODY_LIMIT,
    trust_proxy: bool(input, 'trust_proxy', path) ?? false,
    log_level:
      input.log_level === undefined
        ? 'info'
        : oneOf(input, 'log_level', path, ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
  });
}

/** Drops keys whose value is undefined, so configs print and compare cleanly. */
function strip<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** Demo origins for the dev client: env PWL_DEMO_ORIGINS (comma-separated) or Vite's defaults. */
export function demoOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.PWL_DEMO_ORIGINS?.trim();
  const list = raw
    ? raw
        .split(',')
        .map((s) => s.trim().replace(/\/+$/, ''))
        .filter(Boolean)
    : ['http://localhost:5173', 'http://127.0.0.1:5173'];
  list.forEach((o, i) => origin(o, `PWL_DEMO_ORIGINS[${i}]`));
  return list;
}

const DEMO_PAGES = ['/', '/index.html', '/script-tag.html', '/spa.html', '/themes.html', '/callback.html'];

/** The dev default client `demo` (see CONTRACT.md). */
export function demoClient(origins: string[]): ClientConfig {
  return {
    client_id: 'demo',
    name: 'Demo App',
    allowed_origins: origins,
    redirect_uris: origins.flatMap((o) => DEMO_PAGES.map((p) => o + p)),
    connections: ['email', 'sms'],
  };
}
