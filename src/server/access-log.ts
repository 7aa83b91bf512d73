/**
 * The access log: one line per request, when it is answered, and what of the request it carries.
 * Shared by the app (app.ts) and the benchmark's floors (bench/server/floor.ts), which must log as
 * the server does.
 */
import { LogController } from 'fastify';
import pino from 'pino';
import type { ClientAddress } from './client-address.js';

/** pino's `req` serializer: query strings can carry link tokens and authorization codes, so the path only. */
export const requestSerializer = (req: { method: string; url: string; ip?: string; client?: ClientAddress }) => ({
  method: req.method,
  url: req.url.split('?')[0],
  remoteAddress: req.client?.address ?? req.ip,
});

/** One access line per request, when it is answered, with its req (Fastify writes another on arrival). */
export class AccessLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(...[error, request, reply]: Parameters<LogController['requestCompleted']>): void {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

/**
 * Where the CLI's lines go: stdout, asynchronously, so a request never waits for it. Lines are
 * written in batches of 8 KiB, and whatever is left every 100 ms (sonic-boom's periodicFlush) and
 * on exit: one write per line cost a thread-pool hop each (a start at a steady 500 req/s: 14 % less
 * CPU with the batches; docs/performance.md, "Cutting client_credentials and start").
 */
export const stdoutDestination = () => pino.destination({ dest: 1, sync: false, minLength: 8192, periodicFlush: 100 });
