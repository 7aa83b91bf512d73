/**
 * Prometheus metrics, off unless the config has a `metrics` block: on a listener of their own
 * (`metrics.port`, loopback by default) or at /metrics on the API's listener behind
 * `Authorization: Bearer <metrics.token>`, never public by accident. docs/operations.md lists them.
 * What the flows report is the `Metrics` interface below; ./prometheus.ts implements it with
 * prom-client and is imported only when metrics are on. With metrics off nothing is installed.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.js';
import type { Store } from './store/types.js';

/** Limit rules as metrics name them (a refusal of `start` is one of its per-IP, per-recipient or per-prefix windows). */
export type LimitRule = 'start' | 'start_locked' | 'token_identifier' | 'token_ip';
export type DeliveryOutcome = 'sent' | 'failed' | 'timeout';

/** What the flows report; a no-op when metrics are off. */
export interface Metrics {
  /** A request refused by a limit or a lockout. */
  refused(rule: LimitRule): void;
  /** A lockout imposed now (the identifier's failures, or the client IP's failed verifications). */
  lockout(rule: 'identifier' | 'ip'): void;
  /** A delivery ended. */
  delivery(provider: string, outcome: DeliveryOutcome, ms: number): void;
}

export const NO_METRICS: Metrics = { refused() {}, lockout() {}, delivery() {} };

export interface MetricsSetup {
  metrics: Metrics;
  /** The store to use: `store`, timed. */
  store: Store;
  /** Installs the hooks and the /metrics route or listener on the app (before its routes). */
  install(app: FastifyInstance): void;
}

/** The metrics of one app (each app has its own registry, so tests can build several). */
export async function setUpMetrics(
  config: ServerConfig['metrics'],
  store: Store,
  storeName: string,
): Promise<MetricsSetup> {
  if (!config) return { metrics: NO_METRICS, store, install() {} };
  const { prometheusMetrics } = await import('./prometheus.js');
  return prometheusMetrics(config, store, storeName);
}

export const metricsAddress = new WeakMap<FastifyInstance, AddressInfo>();

/** Where the metrics listener of `app` listens (after `listen`), or undefined. */
export function metricsListenerAddress(app: FastifyInstance): AddressInfo | undefined {
  return metricsAddress.get(app);
}
