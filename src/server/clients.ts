/** Client lookup shared by the routes; authentication itself lives in ./client-auth.ts. */
import type { FastifyRequest } from 'fastify';
import type { ClientConfig } from './config.js';

export { authenticateClient } from './client-auth.js';

/** The host shown in the SMS WebOTP line: the calling page's origin when the client lists it. */
export function originHost(client: ClientConfig, request: FastifyRequest): string | null {
  const origin = request.headers.origin;
  const chosen = origin && client.allowed_origins.includes(origin) ? origin : client.allowed_origins[0];
  return chosen ? new URL(chosen).hostname : null;
}
