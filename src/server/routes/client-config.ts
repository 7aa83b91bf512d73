/**
 * GET /client/{client_id}.js: the client configuration Auth0 Lock loads before it shows anything,
 * as the JSONP call `Auth0.setClient({...})` it waits for (Lock checks `id` and reads `strategies`:
 * here `email` and `sms`, each one passwordless connection of that name, as the client enables).
 * Public facts only: the client's name and connections, never a secret or a redirect URI.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.js';
import { notFound } from '../errors.js';

export function clientConfigRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/client/:file', async (request, reply) => {
      const file = (request.params as { file: string }).file;
      const client = file.endsWith('.js') ? ctx.clients.get(file.slice(0, -3)) : undefined;
      if (!client) throw notFound('No such client.');
      const config = {
        id: client.client_id,
        name: client.name,
        tenant: new URL(ctx.issuer()).hostname,
        subscription: 'free',
        hasAllowedOrigins: client.web_origins.length > 0,
        strategies: client.connections.map((c) => ({ name: c, connections: [{ name: c }] })),
      };
      return reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(`Auth0.setClient(${JSON.stringify(config)});\n`);
    });
  };
}
