/**
 * The process's life as a load balancer sees it: `/ready` (in routes/health.ts) answers 503 while
 * the store is unreachable, while a store migrates (and the server waits for it to load its keys:
 * `starting`), and while draining; `/health` stays liveness.
 *
 * Graceful shutdown (`shutdown`, called by the CLI on SIGTERM and SIGINT): `/ready` turns 503 at
 * once; after `shutdown.drain_delay_ms` (time for the load balancer to notice) the listener stops
 * accepting connections, idle keep-alive connections close, a request arriving on a busy one gets
 * 503 `temporarily_unavailable` with `Connection: close`, and requests in flight (a start waits for
 * its delivery) finish. Then the delivery transports and the store close. Whatever is still in
 * flight when `shutdown.grace_ms` is over is reported in the log (deliveries by provider) and cut
 * off, and the process exits 1 instead of 0.
 */
import type { FastifyInstance } from 'fastify';
import { temporarilyUnavailable } from './errors.js';

/** What answers while the server starts: liveness and readiness. */
const ALWAYS_ANSWERED = new Set(['/health', '/ready']);

export class Lifecycle {
  /** Set once shutdown begins: `/ready` answers 503 from then on. */
  draining = false;
  /**
   * Why the server cannot serve yet, while its store still migrates at start (the listener opens
   * before, so a load balancer sees "not ready" rather than nothing): `/ready` answers 503 with
   * it, and so does every route but `/health` and `/ready`. Null once ready.
   */
  starting: string | null = null;
  /** Set when the listener closes: every new request gets 503 with `Connection: close`. */
  closing = false;
  /**
   * Requests being answered now: a count. Not a Set of the responses: a Set that every request
   * enters and leaves churns through hash tables, and V8's young-generation collector then kept
   * each request's objects alive long enough to promote them (1.3 MB to the old generation per
   * scavenge under refresh load, against 0.4 MB with a count: docs/performance.md).
   */
  inFlight = 0;
  /** Messages handed to a provider and not yet accepted or failed, by provider name. */
  readonly deliveries = new Map<string, number>();

  /** Counts a delivery from its start; the returned function is called once when it ends. */
  deliveryStarted(provider: string): () => void {
    this.deliveries.set(provider, (this.deliveries.get(provider) ?? 0) + 1);
    return () => this.deliveries.set(provider, this.deliveries.get(provider)! - 1);
  }

  /** Deliveries in flight, as `smtp: 2, webhook: 1`, or '' when none. */
  pendingDeliveries(): string {
    return [...this.deliveries]
      .filter(([, n]) => n > 0)
      .map(([name, n]) => `${name}: ${n}`)
      .join(', ');
  }

  /** Hooks on the app: in-flight counting, and the 503 of a request arriving while closing. */
  install(app: FastifyInstance): void {
    app.addHook('onRequest', (request, reply, done) => {
      if (this.closing) {
        const err = temporarilyUnavailable('The server is shutting down. Try again.');
        void reply.code(503).headers(err.headers).header('connection', 'close').send({
          error: err.code,
          error_description: err.description,
        });
        return;
      }
      if (this.starting !== null && !ALWAYS_ANSWERED.has(request.url.split('?')[0]!)) {
        done(temporarilyUnavailable(`${this.starting} Try again.`));
        return;
      }
      this.inFlight++;
      // 'close' comes once per response, whether it was sent or the client went away.
      reply.raw.once('close', this.requestEnded);
      done();
    });
  }

  private readonly requestEnded = () => {
    this.inFlight--;
  };
}

export interface ShutdownOptions {
  graceMs: number;
  drainDelayMs: number;
  /** Wakes the drain delay early (tests); defaults to a timer. */
  delay?: (ms: number) => Promise<void>;
}

/**
 * Drains and closes `app` (see the module comment). Resolves with the exit code: 0 when everything
 * finished within the grace period, 1 when something had to be cut off.
 */
export async function shutdown(app: FastifyInstance, options: ShutdownOptions): Promise<number> {
  const life = app.passwordless.lifecycle;
  const started = Date.now();
  life.draining = true;
  if (options.drainDelayMs > 0) {
    app.log.info(`draining: /ready answers 503; the listener closes in ${options.drainDelayMs} ms`);
    await new Promise((r) => setTimeout(r, Math.min(options.drainDelayMs, options.graceMs)).unref());
  }
  // From here every answer closes its connection (app.ts's onSend hook): nothing is kept alive past the shutdown.
  life.closing = true;
  app.log.info(
    { requests: life.inFlight, deliveries: life.pendingDeliveries() || 'none' },
    'closing: no new connections; waiting for requests in flight',
  );
  let timer: NodeJS.Timeout | undefined;
  const left = Math.max(0, options.graceMs - (Date.now() - started));
  const overdue = new Promise<'overdue'>((r) => {
    timer = setTimeout(() => r('overdue'), left);
  });
  const closed = app.close().then(() => 'closed' as const);
  // A keep-alive connection whose answer went out meanwhile is idle now: close it too.
  const reaper = setInterval(() => app.server.closeIdleConnections(), 50);
  const first = await Promise.race([closed, overdue]);
  clearTimeout(timer);
  clearInterval(reaper);
  if (first === 'closed') {
    app.log.info(`shut down cleanly in ${Date.now() - started} ms`);
    return 0;
  }
  app.log.error(
    { requests: life.inFlight, deliveries: life.pendingDeliveries() || 'none' },
    `shutdown grace period (${options.graceMs} ms) over: requests still in flight are cut off; ` +
      'their deliveries may or may not have gone out',
  );
  app.server.closeAllConnections();
  // The store and transports close in onClose, which runs once the last connection is gone; give
  // it a moment, never more.
  await Promise.race([closed, new Promise((r) => setTimeout(r, 1000).unref())]);
  return 1;
}
