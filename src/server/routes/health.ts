/**
 * GET /health: liveness, 200 when the store answers, 503 otherwise (for probes).
 * GET /ready: readiness for a load balancer (lifecycle.ts): 503 while draining for shutdown, while
 * the store migrates (a store that migrates after it opens says so with `migrating`) and the server
 * then loads its keys (`lifecycle.starting`), or while the store does not answer; 200 otherwise.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.js';
import { temporarilyUnavailable } from '../errors.js';

export function healthRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/health', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      try {
        await ctx.store.ping();
        return { status: 'ok', store: 'ok' };
      } catch (err) {
        request.log.error({ err }, 'health: store unavailable');
        throw temporarilyUnavailable('The store is not answering.');
      }
    });

    app.get('/ready', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const unready = temporarilyUnavailable;
      if (ctx.lifecycle.draining) throw unready('The server is shutting down.');
      if (ctx.store.migrating === true) throw unready('The store is migrating.');
      if (ctx.lifecycle.starting !== null) throw unready(ctx.lifecycle.starting);
      try {
        await ctx.store.ping();
      } catch (err) {
        request.log.warn({ err }, 'ready: store unavailable');
        throw unready('The store is not answering.');
      }
      return { status: 'ready' };
    });
  };
}
