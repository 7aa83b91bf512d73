/**
 * Dev mailbox: GET /dev/outbox lists the messages the outbox provider "sent" (newest first);
 * DELETE clears them. Registered only when a provider is `outbox` (which itself refuses production).
 * It hands out every code, so it answers only loopback clients (by the socket's own address, never
 * X-Forwarded-For) unless the config says `dev_outbox: "any"`.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Outbox } from '../delivery/index.js';
import { accessDenied } from '../errors.js';

const isLoopback = (address: string | undefined) =>
  address !== undefined && (/^(::ffff:)?127\./.test(address) || address === '::1');

export function devRoutes(outbox: Outbox, access: 'loopback' | 'any'): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', async (request: FastifyRequest) => {
      if (access !== 'any' && !isLoopback(request.socket.remoteAddress)) {
        throw accessDenied('The dev mailbox answers only loopback clients (see dev_outbox).');
      }
    });
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
