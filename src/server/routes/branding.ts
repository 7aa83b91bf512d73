/**
 * The deployment's branding through the Management API, Auth0's `GET/PATCH /api/v2/branding`
 * (scopes `read:branding`, `update:branding`). The work is in ../branding.ts; what PATCH stores
 * shows on the next hosted page and in the next email, in every process, with no restart.
 */
import type { FastifyPluginAsync } from 'fastify';
import { deploymentBranding, updateBranding } from '../branding.js';
import type { AppContext } from '../context.js';
import { authorizeManagement } from '../management-auth.js';

export function brandingRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });

    app.get('/api/v2/branding', async (request) => {
      await authorizeManagement(ctx, request, 'read:branding');
      return deploymentBranding(ctx);
    });

    app.patch('/api/v2/branding', async (request) => {
      const { client } = await authorizeManagement(ctx, request, 'update:branding');
      const settings = await updateBranding(ctx, request.body);
      request.log.info({ audit: 'branding.update', actor: client.client_id }, 'branding updated');
      return settings;
    });
  };
}
