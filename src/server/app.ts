/**
 * The app factory: builds a Fastify instance from a validated config, without listening.
 * Tests inject a clock, a store and delivery providers; the CLI passes only the config.
 */
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessLog, requestSerializer } from './access-log.js';
import { clientAddressResolver, type ClientAddress } from './client-address.js';
import type { ServerConfig } from './config.js';
import type { AppContext } from './context.js';
import { buildDeliveries, type DeliveryProvider } from './delivery/index.js';
import { badRequest, clientErrorHandler, errorHandler, notFound } from './errors.js';
import { ACCESS_TOKEN_ALG, checkConfiguredKeys, loadKeys, type Keys } from './keys.js';
import { authenticationMethodRoutes } from './routes/authentication-methods.js';
import { auth0LogoutRoutes } from './routes/auth0-logout.js';
import { Lifecycle } from './lifecycle.js';
import { setUpMetrics } from './metrics.js';
import { hostedRoutes } from './hosted/routes.js';
import { clientConfigRoutes } from './routes/client-config.js';
import { coAuthenticateRoutes } from './routes/co-authenticate.js';
import { devRoutes } from './routes/dev.js';
import { emailTemplateRoutes } from './routes/email-templates.js';
import { logoutRoutes } from './routes/logout.js';
import { healthRoutes } from './routes/health.js';
import { jobRoutes } from './routes/jobs.js';
import { brandingRoutes } from './routes/branding.js';
import { managementRoutes } from './routes/management.js';
import { oidcRoutes } from './routes/oidc.js';
import { passkeyRoutes } from './routes/passkey.js';
import { startRoutes } from './routes/start.js';
import { tokenRoutes } from './routes/token.js';
import { verifyRedirectRoutes } from './routes/verify-redirect.js';
import { AJV_OPTIONS } from './request-schema.js';
import { makeHasher } from './secrets.js';
import { openStore } from './store/open.js';
import type { Store } from './store/types.js';

export interface BuildOptions {
  config: ServerConfig;
  /** Defaults to the configured store, SQLite, Redis or PostgreSQL (closed with the app). */
  store?: Store;
  /** Epoch milliseconds; defaults to Date.now. */
  now?: () => number;
  /** Replace the configured providers (tests). */
  delivery?: { email?: DeliveryProvider; sms?: DeliveryProvider };
  /** Fastify logger option; defaults to pino at config.log_level. A `stream` captures lines. */
  logger?: FastifyServerOptions['logger'];
  /** Where the outbox prints messages; defaults to stdout. */
  print?: (line: string) => void;
  /**
   * Return the app while a store that migrates at start (PostgreSQL) still migrates, instead of
   * waiting for it: the CLI listens at once, and until the migrations are applied and the keys
   * loaded, /ready and every route but /health answer 503 `temporarily_unavailable` (a migration
   * may wait for another process's lock, or build an index on a large table). Default false.
   */
  openWhileMigrating?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    passwordless: AppContext;
  }
  interface FastifyRequest {
    /** The client's canonical address and its per-IP key (client-address.ts). */
    readonly client: ClientAddress;
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
  'login_ticket',
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
    serializers: { req: requestSerializer },
    ...(stream ? { stream } : {}),
  } as FastifyServerOptions['logger'];
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
  const plainStore = options.store ?? (await openStore(config, (status, err) => storeEvents.log?.(status, err)));
  // Operations (docs/operations.md): metrics (off unless configured; the store is timed through
  // them) and the lifecycle behind /ready and graceful shutdown.
  const observed = await setUpMetrics(config.metrics, plainStore, config.store.type);
  const store = observed.store;
  const lifecycle = new Lifecycle();
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config),
    bodyLimit: config.body_limit,
    // Route schemas validate as the readers they replaced did (request-schema.ts).
    ajv: AJV_OPTIONS,
    trustProxy: trustProxy(config.trust_proxy),
    // Errors raised before routing (a malformed URL) and by Node's HTTP parser get the same shape.
    frameworkErrors: errorHandler,
    clientErrorHandler,
    logController: new AccessLog(),
    // Requests arriving while closing get the API's own 503 (lifecycle.ts), not Fastify's.
    return503OnClosing: false,
    // A request's headers and body must arrive within request_timeout_ms (a slow body or slow
    // headers get 408 from clientErrorHandler, and the socket is closed). Node looks for late
    // requests every connectionsCheckingInterval, so that is kept a small part of the limit.
    requestTimeout: config.request_timeout_ms,
    http: {
      headersTimeout: config.request_timeout_ms,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.request_timeout_ms / 10))),
      // Node answers a request without Host with an empty 400 itself; the hook below answers it in
      // the error shape instead.
      requireHostHeader: false,
    },
  });
  // Node answers an Expect it cannot meet with an empty 417 unless someone listens for it.
  app.server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => {
    const body = JSON.stringify({
      error: 'bad.request',
      error_description: 'Only "Expect: 100-continue" is supported.',
    });
    res.writeHead(417, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'close',
    });
    res.end(body);
  });
  // HTTP/1.1 requires Host (RFC 9112 section 3.2): its absence is a 400, in the error shape.
  app.addHook('onRequest', (request, _reply, done) => {
    const raw = request.raw;
    if (raw.headers.host === undefined && raw.httpVersionMajor === 1 && raw.httpVersionMinor === 1) {
      return done(badRequest('bad.request', 'The Host header is required.'));
    }
    done();
  });
  // request.client: parsed once per request, on first use; a hop that is not an address is logged.
  const resolveClient = clientAddressResolver(config);
  const clients = new WeakMap<FastifyRequest, ClientAddress>();
  app.decorateRequest('client', {
    getter(this: FastifyRequest): ClientAddress {
      let found = clients.get(this);
      if (!found) {
        const resolved = resolveClient(this.raw.socket.remoteAddress, this.headers['x-forwarded-for']);
        if (resolved.ignoredHop !== undefined) {
          this.log.warn({ hop: resolved.ignoredHop }, 'an X-Forwarded-For entry is not an address; it was ignored');
        }
        found = { address: resolved.address, key: resolved.key };
        clients.set(this, found);
      }
      return found;
    },
  });
  storeEvents.log = (status, err) =>
    status === 'down'
      ? app.log.error({ reason: err?.message }, 'store unreachable: requests that need it answer 503')
      : app.log.info('store reachable again');
  const hasKey = (pem?: string, file?: string) => pem !== undefined || file !== undefined;
  if (
    config.store.type === 'redis' &&
    (!hasKey(config.signing_key, config.signing_key_file) ||
      !hasKey(config.rsa_signing_key, config.rsa_signing_key_file))
  ) {
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
  deliveries.track = (provider) => {
    const ended = lifecycle.deliveryStarted(provider);
    return (outcome, ms) => {
      ended();
      observed.metrics.delivery(provider, outcome, ms);
    };
  };

  let listeningIssuer: string | null = null;
  const background = options.openWhileMigrating === true && plainStore.whenMigrated !== undefined;
  let keys: Keys;
  if (background) {
    // Configured keys are still read and checked now: a key file that cannot be read stops the start.
    await checkConfiguredKeys(config);
    lifecycle.starting = 'The store is migrating.';
    // Filled in once the store has migrated (startInBackground below); no route runs before.
    keys = {} as Keys;
  } else {
    keys = await loadKeys(store, config);
  }
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
    metrics: observed.metrics,
    lifecycle,
  };
  app.decorate('passwordless', ctx);

  const origins = new Set(config.clients.flatMap((c) => c.allowed_origins));
  // Fixed options, not a per-request delegator: a delegator's options object per request was kept
  // alive by V8's young-generation collector long enough to be promoted (docs/performance.md).
  // POST /co/authenticate lays its own over these (routes/co-authenticate.ts).
  await app.register(cors, {
    // Only listed client origins get CORS headers; others get none (the browser then blocks).
    origin: (origin: string | undefined, cb: (err: null, allow: boolean) => void) =>
      cb(null, origin !== undefined && origins.has(origin)),
    methods: ['GET', 'POST', 'DELETE'],
    // The widget reads Retry-After to show its resend countdown; Location names a pending
    // MyAccount enrolment (auth0-spa-js reads it too).
    exposedHeaders: ['Retry-After', 'Location'],
    maxAge: 600,
  });
  await app.register(formbody, { bodyLimit: config.body_limit });
  await app.register(cookie);
  // Only JSON and form bodies are part of the protocol; anything else is a 415.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(async (request) => {
    throw notFound(`No route for ${request.method} ${request.url.split('?')[0]}`);
  });

  lifecycle.install(app);
  observed.install(app);
  await app.register(healthRoutes(ctx));
  await app.register(oidcRoutes(ctx));
  await app.register(hostedRoutes(ctx));
  await app.register(logoutRoutes(ctx));
  await app.register(auth0LogoutRoutes(ctx));
  await app.register(coAuthenticateRoutes(ctx));
  await app.register(clientConfigRoutes(ctx));
  await app.register(startRoutes(ctx));
  await app.register(tokenRoutes(ctx));
  await app.register(passkeyRoutes(ctx));
  await app.register(authenticationMethodRoutes(ctx));
  await app.register(verifyRedirectRoutes(ctx));
  await app.register(managementRoutes(ctx));
  await app.register(brandingRoutes(ctx));
  await app.register(emailTemplateRoutes(ctx));
  await app.register(jobRoutes(ctx));
  if (deliveries.outbox && process.env.NODE_ENV !== 'production')
    await app.register(devRoutes(deliveries.outbox, config.dev_outbox, ctx));

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
  let closed = false;
  /** Migrations, keys and the first purge after the listener opens (`openWhileMigrating`), retried until done. */
  const startInBackground = async () => {
    for (let attempt = 0; !closed; attempt++) {
      try {
        await plainStore.whenMigrated!();
        lifecycle.starting = 'The server is starting.';
        const loaded = await loadKeys(store, config);
        ctx.keys = loaded;
        ctx.key = loaded[ACCESS_TOKEN_ALG];
        lifecycle.starting = null;
        app.log.info('store migrated and keys loaded: ready');
        await purge();
        return;
      } catch (err) {
        if (closed) return;
        lifecycle.starting = 'The store is migrating.';
        app.log.error({ err }, 'start: the store could not be migrated or the keys loaded; trying again');
        await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** attempt)).unref());
      }
    }
  };
  if (background) void startInBackground();
  else await purge();
  const purgeTimer = setInterval(purge, 10 * 60_000).unref();
  // A callback hook, not an async one: no promise per answer.
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    // Once the listener closes (lifecycle.ts), no answer keeps its connection alive.
    if (lifecycle.closing) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('onClose', async () => {
    closed = true;
    clearInterval(purgeTimer);
    await deliveries.email.close?.();
    if (deliveries.sms !== deliveries.email) await deliveries.sms.close?.();
    if (ownStore) await store.close();
  });
  return app;
}
