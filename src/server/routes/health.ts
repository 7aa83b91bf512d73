/**
 * GET /health: liveness, 200 when the store answers, 503 otherwise (for probes).
 * GET /ready: readiness for a load balancer (lifecycle.ts): 503 while draining for shutdown, while
 * the store migrates (a store that migrates after it opens says so with `migrating`) and the server
 * then loads its keys (`lifecycle.starting`), or while the store does not answer; 200 otherwise.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.js';
import { retryAfter, STORE_RETRY_AFTER_MS } from '../errors.js';

export function healthRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/health', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      try {
        await ctx.store.ping();
        return { status: 'ok', store: 'ok' };
      } catch (err) {
        request.log.error({ err }, 'health: store unavailable');
        return reply
          .code(503)
          .headers(retryAfter(STORE_RETRY_AFTER_MS))
          .send({ error: 'temporarily_unavailable', error_description: 'The store is not answering.' });
      }
    });

    app.get('/ready', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const unready = (description: string) =>
        reply
          .code(503)
          .headers(retryAfter(STORE_RETRY_AFTER_MS))
          .send({ error: 'temporarily_unavailable', error_description: description });
      if (ctx.lifecycle.draining) return unready('The server is shutting down.');
      if (ctx.store.migrating === true) return unready('The store is migrating.');
      if (ctx.lifecycle.starting !== null) return unready(ctx.lifecycle.starting);
      try {
        await ctx.store.ping();
      } catch (err) {
        request.log.warn({ err }, 'ready: store unavailable');
        return unready('The store is not answering.');
      }
      return { status: 'ready' };
    });
  };
}
