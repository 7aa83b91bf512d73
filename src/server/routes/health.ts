/** GET /health: 200 when the store answers, 503 otherwise (for load balancers and probes). */
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
  };
}
