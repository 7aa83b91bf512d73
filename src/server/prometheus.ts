/**
 * The metrics themselves (prom-client), imported by ./metrics.ts only when the config has a
 * `metrics` block: a server without metrics never loads prom-client (~0.85 MiB of heap).
 *
 * Labels take their values from closed sets only: route patterns (never the URL), methods, status
 * codes, the protocol's error codes, provider and store names, store method names, rule names.
 * No identifier, address, IP, client id or token ever becomes a label.
 *
 * Cost per request: one `onResponse` hook that looks up a cached child of one histogram (and, on
 * the sign-in routes, of one counter).
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  collectDefaultMetrics,
  Counter,
  Histogram,
  Registry,
  type Counter as CounterT,
  type Metric,
} from 'prom-client';
import type { ServerConfig } from './config.js';
import { metricsAddress, type Metrics, type MetricsSetup } from './metrics.js';
import { ApiError, invalidToken } from './errors.js';
import { StoreUnavailableError, type Store } from './store/types.js';

const SIGN_IN_GRANTS: Record<string, string> = {
  'http://auth0.com/oauth/grant-type/passwordless/otp': 'code',
  authorization_code: 'authorization_code',
  refresh_token: 'refresh',
};
const CONNECTIONS = new Set(['email', 'sms']);
const SENDS = new Set(['code', 'link']);
/** The error code of a request that failed, kept for its `outcome` label. */
const ERROR_CODE = Symbol('pwlErrorCode');
type Marked = FastifyRequest & { [ERROR_CODE]?: string };

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

/** The `outcome` label: `ok`, or the error code the client got (a closed set, see src/protocol). */
function outcomeOf(request: Marked, status: number): string {
  if (status < 400) return 'ok';
  return request[ERROR_CODE] ?? (status >= 500 ? 'server_error' : 'bad.request');
}

interface Observer {
  observe(seconds: number): void;
}

/**
 * A histogram for the hot paths (every request, every store call), exposed through prom-client's
 * registry. A child is resolved once per label set and an observation is a bucket search and three
 * additions: prom-client's own children validate and hash their labels on every observation, which
 * cost about 8 µs a request (measured on GET /.well-known/jwks.json, docs/operations.md).
 */
class HotHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly children = new Map<string, { labels: Record<string, string>; counts: number[]; sum: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: string[],
    private readonly buckets: number[],
  ) {}

  child(...values: string[]): Observer {
    const key = values.join('\u0000');
    let c = this.children.get(key);
    if (!c) {
      const labels = Object.fromEntries(this.labelNames.map((n, i) => [n, values[i]!]));
      c = { labels, counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0 };
      this.children.set(key, c);
    }
    const child = c;
    const buckets = this.buckets;
    return {
      observe(seconds) {
        let i = 0;
        while (i < buckets.length && seconds > buckets[i]!) i++;
        child.counts[i]!++;
        child.sum += seconds;
      },
    };
  }

  get() {
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    for (const { labels, counts, sum } of this.children.values()) {
      let cumulative = 0;
      this.buckets.forEach((le, i) => {
        cumulative += counts[i]!;
        values.push({ labels: { ...labels, le }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      cumulative += counts[this.buckets.length]!;
      values.push({ labels: { ...labels, le: '+Inf' }, value: cumulative, metricName: `${this.name}_bucket` });
      values.push({ labels, value: sum, metricName: `${this.name}_sum` });
      values.push({ labels, value: cumulative, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.children.clear();
  }
}

/** Times every store method; failures are counted as `unavailable` (an outage) or `error`. */
function instrumentStore(store: Store, name: string, duration: HotHistogram, errors: CounterT): Store {
  const wrappers = new Map<PropertyKey, (...args: unknown[]) => unknown>();
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || prop === 'constructor' || typeof prop !== 'string') return value;
      let wrapper = wrappers.get(prop);
      if (wrapper) return wrapper;
      const timer = duration.child(name, prop);
      const failed = (err: unknown) => {
        errors.inc({
          store: name,
          operation: prop,
          kind: err instanceof StoreUnavailableError ? 'unavailable' : 'error',
        });
        return err;
      };
      wrapper = (...args: unknown[]) => {
        const t0 = performance.now();
        let out: unknown;
        try {
          out = (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (err) {
          throw failed(err);
        }
        if (out instanceof Promise) {
          return out.then(
            (v: unknown) => {
              timer.observe((performance.now() - t0) / 1000);
              return v;
            },
            (err: unknown) => {
              throw failed(err);
            },
          );
        }
        timer.observe((performance.now() - t0) / 1000);
        return out;
      };
      wrappers.set(prop, wrapper);
      return wrapper;
    },
  });
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** setUpMetrics's prom-client side (metrics.ts): one registry per app, so tests can build several. */
export function prometheusMetrics(
  config: NonNullable<ServerConfig['metrics']>,
  store: Store,
  storeName: string,
): MetricsSetup {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pwl_' });
  const hot = (h: HotHistogram) => {
    registry.registerMetric(h as unknown as Metric);
    return h;
  };
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  const requests = hot(
    new HotHistogram(
      'pwl_http_request_duration_seconds',
      'Requests answered, by method, route pattern and status, and how long they took.',
      ['method', 'route', 'status'],
      // Fine below 25 ms, where the p99 goals (5 and 20 ms) and most answers are.
      [0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    ),
  );
  const starts = counter(
    'pwl_starts_total',
    'POST /passwordless/start by connection, send type and outcome (ok or the error code).',
    ['connection', 'send', 'outcome'],
  );
  const signIns = counter(
    'pwl_sign_ins_total',
    'Sign-ins by method (code, authorization_code, hosted, refresh) and outcome (ok or the error code).',
    ['method', 'outcome'],
  );
  const deliveries = new Histogram({
    name: 'pwl_delivery_duration_seconds',
    help: 'Messages handed to a provider, by provider and outcome (sent, failed, timeout), and how long it took.',
    labelNames: ['provider', 'outcome'],
    // From 0.5 ms: a webhook on the same host or network answers in a millisecond or two.
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const refusals = counter('pwl_limit_refusals_total', 'Requests refused by a rate limit or a lockout, by rule.', [
    'rule',
  ]);
  const lockouts = counter(
    'pwl_lockouts_total',
    'Lockouts imposed, by rule (identifier: consecutive failures; ip: failed verifications per hour).',
    ['rule'],
  );
  const storeDuration = hot(
    new HotHistogram(
      'pwl_store_operation_duration_seconds',
      'Store operations that succeeded, by store and operation, and how long they took.',
      ['store', 'operation'],
      [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 2.5],
    ),
  );
  const storeErrors = counter(
    'pwl_store_errors_total',
    'Store operations that failed, by store, operation and kind (unavailable: an outage; error: anything else).',
    ['store', 'operation', 'kind'],
  );
  for (const rule of ['start', 'start_locked', 'token_identifier', 'token_ip']) refusals.inc({ rule }, 0);
  for (const rule of ['identifier', 'ip']) lockouts.inc({ rule }, 0);

  const metrics: Metrics = {
    refused: (rule) => refusals.inc({ rule }),
    lockout: (rule) => lockouts.inc({ rule }),
    delivery: (provider, outcome, ms) => deliveries.observe({ provider, outcome }, ms / 1000),
  };

  const install = (app: FastifyInstance) => {
    const children = new Map<string, Observer>();
    app.addHook('onError', (request, _reply, error, done) => {
      (request as Marked)[ERROR_CODE] =
        error instanceof ApiError
          ? error.code
          : error instanceof StoreUnavailableError
            ? 'temporarily_unavailable'
            : undefined;
      done();
    });
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const status = reply.statusCode;
      const key = `${request.method} ${status} ${route}`;
      let child = children.get(key);
      if (!child) {
        child = requests.child(request.method, route, String(status));
        children.set(key, child);
      }
      child.observe(reply.elapsedTime / 1000);
      if (request.method === 'POST' && route === '/passwordless/start') {
        const connection = field(request.body, 'connection');
        const send = field(request.body, 'send') ?? 'code';
        starts.inc({
          connection: CONNECTIONS.has(connection as string) ? (connection as string) : 'invalid',
          send: SENDS.has(send as string) ? (send as string) : 'invalid',
          outcome: outcomeOf(request, status),
        });
      } else if (request.method === 'POST' && route === '/oauth/token') {
        const method = SIGN_IN_GRANTS[field(request.body, 'grant_type') as string];
        if (method) signIns.inc({ method, outcome: outcomeOf(request, status) });
      } else if (route === '/authorize/complete') {
        signIns.inc({ method: 'hosted', outcome: outcomeOf(request, status) });
      } else if (route === '/authorize/link') {
        // The hosted page's magic link: a redirect back to the app, or a page saying why not.
        signIns.inc({ method: 'hosted', outcome: status === 302 ? 'ok' : 'link_refused' });
      }
      done();
    });

    const answer = async () => ({ type: registry.contentType, body: await registry.metrics() });
    const expected = config.token === undefined ? undefined : sha256(`Bearer ${config.token}`);
    const authorized = (header: string | undefined) =>
      expected === undefined || (header !== undefined && timingSafeEqual(sha256(header), expected));

    if (config.port === undefined) {
      // On the API's listener, always behind the token (the config schema requires one here).
      app.get('/metrics', async (request, reply) => {
        if (!authorized(request.headers.authorization)) {
          throw invalidToken('A valid Bearer token is required.', 'Bearer realm="metrics"');
        }
        const { type, body } = await answer();
        return reply.header('content-type', type).header('cache-control', 'no-store').send(body);
      });
      return;
    }
    let server: Server | undefined;
    // onReady, not onListen (which listen does not wait for): listening, the app has its metrics.
    app.addHook('onReady', async () => {
      server = createServer((req, res) => {
        const path = (req.url ?? '').split('?')[0];
        const fail = (status: number, error: string, description: string, headers: Record<string, string> = {}) => {
          res
            .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
            .end(JSON.stringify({ error, error_description: description }));
        };
        if (path !== '/metrics') return fail(404, 'not_found', `No route for ${req.method} ${path}`);
        if (req.method !== 'GET') return fail(405, 'bad.request', 'Use GET.', { allow: 'GET' });
        if (!authorized(req.headers.authorization)) {
          return fail(401, 'invalid_token', 'A valid Bearer token is required.', {
            'www-authenticate': 'Bearer realm="metrics"',
          });
        }
        answer().then(
          ({ type, body }) => {
            res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
          },
          () => fail(500, 'server_error', 'The metrics could not be collected.'),
        );
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(config.port, config.host, () => resolve());
      });
      const a = server.address() as AddressInfo;
      app.log.info(`metrics on http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}/metrics`);
      metricsAddress.set(app, a);
    });
    app.addHook('onClose', async () => {
      if (!server) return;
      server.closeAllConnections();
      await new Promise<void>((r) => server!.close(() => r()));
    });
  };
  return { metrics, store: instrumentStore(store, storeName, storeDuration, storeErrors), install };
}
