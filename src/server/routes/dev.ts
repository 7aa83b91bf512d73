/**
 * Dev mailbox: GET /dev/outbox lists the messages the outbox provider "sent" (newest first);
 * DELETE clears them. Registered only when a provider is `outbox` (which itself refuses production).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Outbox } from '../delivery/index.js';

export function devRoutes(outbox: Outbox): FastifyPluginAsync {
  return async (app) => {
    app.get('/dev/outbox', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return outbox.list();
    });
    app.delete('/dev/outbox', async (_request, reply) => {
      outbox.clear();
      return reply.code(204).send();
    });
  };
}
