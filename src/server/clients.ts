/** Client lookup and authentication, shared by /passwordless/start and /oauth/token. */
import type { FastifyRequest } from 'fastify';
import type { ServerErrorCode } from '../protocol/index.js';
import type { ClientConfig } from './config.js';
import type { AppContext } from './context.js';
import { invalidClient, unauthorizedClient, unknownClient } from './errors.js';
import { constantTimeEqual } from './secrets.js';

/**
 * Resolves `client_id` and checks the client's credentials: a confidential client must send its
 * secret, a public one must not send any. A bad secret is 401 (OAuth's invalid_client). A browser
 * Origin that the client does not list is refused too, so CORS is not the only gate.
 */
export function authenticateClient(
  ctx: AppContext,
  request: FastifyRequest,
  clientId: string | undefined,
  clientSecret: string | undefined,
  unknownCode: ServerErrorCode,
): ClientConfig {
  if (!clientId) throw unknownClient(unknownCode, 'Missing required property: client_id');
  const client = ctx.clients.get(clientId);
  if (!client) throw unknownClient(unknownCode, 'Unknown client.');
  if (client.client_secret !== undefined || clientSecret !== undefined) {
    if (!client.client_secret || !clientSecret || !constantTimeEqual(client.client_secret, clientSecret)) {
      throw invalidClient();
    }
  }
  const origin = request.headers.origin;
  // The hosted login page runs on the issuer's own origin, for every client.
  if (origin !== undefined && !client.allowed_origins.includes(origin) && origin !== new URL(ctx.issuer()).origin) {
    throw unauthorizedClient('This origin is not allowed for this client.');
  }
  return client;
}

/** The host shown in the SMS WebOTP line: the calling page's origin when the client lists it. */
export function originHost(client: ClientConfig, request: FastifyRequest): string | null {
  const origin = request.headers.origin;
  const chosen = origin && client.allowed_origins.includes(origin) ? origin : client.allowed_origins[0];
  return chosen ? new URL(chosen).hostname : null;
}
