/**
 * The app factory: builds a Fastify instance from a validated config, without listening.
 * Tests inject a clock, a store and delivery providers; the CLI passes only the config.
 */
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from './config.js';
import type { AppContext } from './context.js';
import { buildDeliveries, type DeliveryProvider } from './delivery/index.js';
import { clientErrorHandler, errorHandler } from './errors.js';
import { ACCESS_TOKEN_ALG, loadKeys } from './keys.js';
import { authorizeRoutes } from './routes/authorize.js';
import { devRoutes } from './routes/dev.js';
import { logoutRoutes } from './routes/logout.js';
import { healthRoutes } from './routes/health.js';
import { managementRoutes } from './routes/management.js';
import { oidcRoutes } from './routes/oidc.js';
import { startRoutes } from './routes/start.js';
import { tokenRoutes } from './routes/token.js';
import { verifyRedirectRoutes } from './routes/verify-redirect.js';
import { makeHasher } from './secrets.js';
import { openStore } from './store/open.js';
import type { Store } from './store/types.js';

export interface BuildOptions {
  config: ServerConfig;
  /** Defaults to the configured store, SQLite or Redis (closed with the app). */
  store?: Store;
  /** Epoch milliseconds; defaults to Date.now. */
  now?: () => number;
  /** Replace the configured providers (tests). */
  delivery?: { email?: DeliveryProvider; sms?: DeliveryProvider };
  /** Fastify logger option; defaults to pino at config.log_level. A `stream` captures lines. */
  logger?: FastifyServerOptions['logger'];
  /** Where the outbox prints messages; defaults to stdout. */
  print?: (line: string) => void;
}

declare module 'fastify' {
  interface FastifyInstance {
    passwordless: AppContext;
  }
}

/**
 * Never let secrets reach a log line, even by accident (a safety net behind careful logging): a
 * property of one of these names inside a logged object is written as `[redacted]`. A walk over
 * the logged object's plain objects (three levels down): pino's path-based `redact` with wildcards
 * ran its redactor on every value of every line and cost more than the rest of the line.
 */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'authorization',
  'cookie',
  'otp',
  'code',
  'code_verifier',
  'refresh_token',
  'access_token',
  'id_token',
  'verification_code',
  'link',
  'secret',
  'client_secret',
  'text',
  'html',
]);
const CENSOR = '[redacted]';

const isPlain = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null || Array.isArray(v);
};

/** `value` itself when it holds nothing to censor, else a copy with the secrets censored. */
function censorNested(value: Record<string, unknown>, depth: number): Record<string, unknown> {
  let out = value;
  for (const key of Object.keys(value)) {
    const v = value[key];
    const censored = SECRET_KEYS.has(key) ? CENSOR : isPlain(v) && depth < 3 ? censorNested(v, depth + 1) : v;
    if (censored !== v) {
      if (out === value) out = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
      out[key] = censored;
    }
  }
  return out;
}

/**
 * pino's `formatters.log`: censors SECRET_KEYS inside the objects of a log line (the line's own
 * top-level fields, such as an audit event's names, are written by the code and stay).
 */
export function redactSecrets(line: Record<string, unknown>): Record<string, unknown> {
  let out = line;
  for (const key of Object.keys(line)) {
    const v = line[key];
    if (!isPlain(v)) continue;
    const censored = censorNested(v, 1);
    if (censored !== v) {
      if (out === line) out = { ...line };
      out[key] = censored;
    }
  }
  return out;
}

/** `stream`: where lines go (default stdout, synchronously); any pino destination stream. */
export function loggerOptions(
  config: ServerConfig,
  stream?: { write(line: string): unknown },
): FastifyServerOptions['logger'] {
  return {
    level: config.log_level,
    formatters: { log: redactSecrets },
    serializers: {
      // Query strings can carry link tokens and authorization codes: log the path only.
      req: (req: { method: string; url: string; ip?: string }) => ({
        method: req.method,
        url: req.url.split('?')[0],
        remoteAddress: req.ip,
      }),
    },
    ...(stream ? { stream } : {}),
  } as FastifyServerOptions['logger'];
}

/** One access line per request, when it is answered, with its req (Fastify writes another on arrival). */
class AccessLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(...[error, request, reply]: Parameters<LogController['requestCompleted']>): void {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

/**
 * `trust_proxy` as Fastify (proxy-addr) reads it. Fastify's own `true` trusts every hop, so the
 * left-most X-Forwarded-For entry, which the client writes, would be its IP; here `true` is one
 * trusted hop: the right-most entry, written by that proxy, is the client.
 */
export function trustProxy(
  setting: ServerConfig['trust_proxy'],
): boolean | string[] | ((a: string, i: number) => boolean) {
  if (setting === false || Array.isArray(setting)) return setting;
  const hops = setting === true ? 1 : setting;
  return (_address, i) => i < hops;
}

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options;
  const now = options.now ?? Date.now;
  const ownStore = !options.store;
  // The store exists before the app (and its logger); its outage reports wait for the logger.
  const storeEvents: { log?: (status: 'down' | 'up', err?: Error) => void } = {};
  const store = options.store ?? (await openStore(config, (status, err) => storeEvents.log?.(status, err)));
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config),
    bodyLimit: config.body_limit,
    trustProxy: trustProxy(config.trust_proxy),
    // Errors raised before routing (a malformed URL) and by Node's HTTP parser get the same shape.
    frameworkErrors: errorHandler,
    clientErrorHandler,
    logController: new AccessLog(),
  });
  storeEvents.log = (status, err) =>
    status === 'down'
      ? app.log.error({ reason: err?.message }, 'store unreachable: requests that need it answer 503')
      : app.log.info('store reachable again');
  if (config.store.type === 'redis' && (!config.signing_key || !config.rsa_signing_key)) {
    app.log.warn(
      'store.type is redis and no signing_key or rsa_signing_key is set: the signing keys and the users live only ' +
        'in Redis. Run Redis with persistence (RDB or AOF) or set both keys, or a Redis restart loses them.',
    );
  }
  const deliveries = buildDeliveries(
    config.email,
    config.sms,
    now,
    options.print ?? ((l) => process.stdout.write(l + '\n')),
  );
  if (options.delivery?.email) deliveries.email = options.delivery.email;
  if (options.delivery?.sms) deliveries.sms = options.delivery.sms;

  let listeningIssuer: string | null = null;
  const keys = await loadKeys(store, config);
  const ctx: AppContext = {
    config,
    store,
    now,
    hash: makeHasher(config.secret),
    keys,
    key: keys[ACCESS_TOKEN_ALG],
    deliveries,
    clients: new Map(config.clients.map((c) => [c.client_id, c])),
    issuer: () => {
      if (config.issuer) return config.issuer;
      if (listeningIssuer) return listeningIssuer;
      const address = app.server.address() as AddressInfo | null;
      const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
      const h = host.includes(':') ? `[${host}]` : host;
      const issuer = `http://${h}:${address?.port ?? config.port}`;
      // Once listening, the port is fixed: asked on every request, it is computed once.
      if (address) listeningIssuer = issuer;
      return issuer;
    },
  };
  app.decorate('passwordless', ctx);

  const origins = new Set(config.clients.flatMap((c) => c.allowed_origins));
  await app.register(cors, {
    // Only listed client origins get CORS headers; others get none (the browser then blocks).
    origin: (origin, cb) => cb(null, origin !== undefined && origins.has(origin)),
    methods: ['GET', 'POST', 'DELETE'],
    // The widget reads Retry-After to show its resend countdown.
    exposedHeaders: ['Retry-After'],
    maxAge: 600,
  });
  await app.register(formbody, { bodyLimit: config.body_limit });
  await app.register(cookie);
  // Only JSON and form bodies are part of the protocol; anything else is a 415.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: 'not_found', error_description: `No route for ${request.method} ${request.url.split('?')[0]}` }),
  );

  await app.register(healthRoutes(ctx));
  await app.register(oidcRoutes(ctx));
  await app.register(authorizeRoutes(ctx));
  await app.register(logoutRoutes(ctx));
  await app.register(startRoutes(ctx));
  await app.register(tokenRoutes(ctx));
  await app.register(verifyRedirectRoutes(ctx));
  await app.register(managementRoutes(ctx));
  if (deliveries.outbox && process.env.NODE_ENV !== 'production')
    await app.register(devRoutes(deliveries.outbox, config.dev_outbox));

  // Housekeeping: expired rows are deleted every 10 minutes (and once at start).
  const l = config.limits;
  const keepMs =
    Math.max(86_400, l.token_ttl_seconds, l.resend_window_seconds, l.link_ttl_seconds, l.lockout_seconds) * 1000;
  const purge = async () => {
    try {
      await store.purge(now(), keepMs);
    } catch (err) {
      app.log.error({ err }, 'purge of expired rows failed');
    }
  };
  await purge();
  const purgeTimer = setInterval(purge, 10 * 60_000).unref();
  // A callback hook, not an async one: no promise per answer.
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    done(null, payload);
  });
  app.addHook('onClose', async () => {
    clearInterval(purgeTimer);
    await deliveries.email.close?.();
    if (deliveries.sms !== deliveries.email) await deliveries.sms.close?.();
    if (ownStore) await store.close();
  });
  return app;
}
