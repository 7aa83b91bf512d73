/**
 * The deployment's branding through the Management API, Auth0's `GET/PATCH /api/v2/branding`
 * (scopes `read:branding`, `update:branding`). The work is in ../branding.ts; what PATCH stores
 * shows on the next hosted page and in the next email, in every process, with no restart.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { BRANDING_PATCH_ERRORS, BrandingPatch, deploymentBranding, updateBranding } from '../branding.js';
import type { AppContext } from '../context.js';
import { authorizeManagement } from '../management-auth.js';
import { schemaErrors } from '../request-schema.js';

export function brandingRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });

    app.get('/api/v2/branding', async (request) => {
      await authorizeManagement(ctx, request, 'read:branding');
      return deploymentBranding(ctx);
    });

    // The token is checked before the body (a caller without the scope learns nothing about it);
    // an absent body is refused as not an object, as before the schema.
    const callers = new WeakMap<FastifyRequest, string>();
    const authorize = async (request: FastifyRequest) => {
      callers.set(request, (await authorizeManagement(ctx, request, 'update:branding')).client.client_id);
    };
    app.patch(
      '/api/v2/branding',
      {
        schema: { body: BrandingPatch },
        schemaErrorFormatter: schemaErrors(BRANDING_PATCH_ERRORS),
        preValidation: authorize,
      },
      async (request) => {
        const settings = await updateBranding(ctx, request.body);
        request.log.info({ audit: 'branding.update', actor: callers.get(request) }, 'branding updated');
        return settings;
      },
    );
  };
}
