/** Client lookup shared by the routes; authentication itself lives in ./client-auth.ts. */
import type { FastifyRequest } from 'fastify';
import type { ClientConfig } from './config.js';
import { endpointUrl, type AppContext } from './context.js';

export { authenticateClient } from './client-auth.js';

/** The host shown in the SMS WebOTP line: the calling page's origin when the client lists it. */
export function originHost(client: ClientConfig, request: FastifyRequest): string | null {
  const origin = request.headers.origin;
  const chosen = origin && client.allowed_origins.includes(origin) ? origin : client.allowed_origins[0];
  return chosen ? new URL(chosen).hostname : null;
}

/** Where the hosted login page's magic links return (GET /authorize/link, on the API itself). */
export function hostedLinkCallback(ctx: AppContext): string {
  return endpointUrl(ctx, '/authorize/link');
}

/**
 * A magic link may return to a registered redirect URI (exact match), or, for a client whose
 * hosted page sends links, to the API's own link callback.
 */
export function isLinkRedirectUri(ctx: AppContext, client: ClientConfig, uri: string): boolean {
  return client.redirect_uris.includes(uri) || (client.magic_link === true && uri === hostedLinkCallback(ctx));
}
