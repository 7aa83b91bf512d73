/**
 * Client authentication (RFC 6749 section 2.3.1): `client_secret_post` (client_id and
 * client_secret in the body) and `client_secret_basic` (HTTP Basic with the form-urlencoded id
 * and secret), or `none` for a public client. A failure is 401 `invalid_client` with a
 * `WWW-Authenticate` challenge (errors.ts). Shared by /passwordless/start, /oauth/token and any endpoint a
 * confidential client calls.
 */
import type { FastifyRequest } from 'fastify';
import type { ServerErrorCode } from '../protocol/index.js';
import type { ClientConfig } from './config.js';
import type { AppContext } from './context.js';
import { invalidClient, invalidRequest, unauthorizedClient, unknownClient } from './errors.js';
import { isIssuerOrigin } from './signin/same-origin.js';
import type { SchemaErrorTable } from './request-schema.js';
import { constantTimeEqual } from './secrets.js';

/** The error table rows of the body's credentials, for the routes that take them (request-schema.ts). */
export const CLIENT_FIELDS = [
  ['client_id', { code: 'invalid_request' }],
  ['client_secret', { code: 'invalid_client', status: 401 }],
] as const satisfies SchemaErrorTable['fields'];

export type ClientAuthMethod = 'none' | 'client_secret_post' | 'client_secret_basic';

export interface ClientCredentials {
  clientId: string | undefined;
  clientSecret: string | undefined;
  method: ClientAuthMethod;
}

/** Form-urlencoding as in application/x-www-form-urlencoded: `+` is a space. */
function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw invalidClient('The Basic credentials are not form-urlencoded.');
  }
}

/**
 * Reads the client's credentials from the Authorization header (Basic) or the body (its types
 * checked by the route's schema, with `invalid_request` and a 401 `invalid_client` for the
 * secret: CLIENT_FIELDS). Sending the
 * secret both ways, or a different client_id in each, is refused: one method per request.
 */
export function readClientCredentials(
  request: FastifyRequest,
  body: { client_id?: string; client_secret?: string },
): ClientCredentials {
  const { client_id: bodyId, client_secret: bodySecret } = body;
  const header = request.headers.authorization;
  const basic = header ? /^Basic +([A-Za-z0-9+/=._~-]*) *$/i.exec(header) : null;
  if (header !== undefined && /^Basic\b/i.test(header)) {
    const decoded = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    if (!basic || colon < 1) throw invalidClient('The Basic credentials are malformed (base64 of id:secret).');
    const clientId = formDecode(decoded.slice(0, colon));
    const clientSecret = formDecode(decoded.slice(colon + 1));
    if (bodySecret !== undefined) {
      throw invalidRequest('Use one client authentication method: Basic or client_secret.');
    }
    if (bodyId !== undefined && bodyId !== clientId) {
      throw invalidRequest('client_id in the body differs from the Basic credentials.');
    }
    return { clientId, clientSecret, method: 'client_secret_basic' };
  }
  return {
    clientId: bodyId,
    clientSecret: bodySecret,
    method: bodySecret === undefined ? 'none' : 'client_secret_post',
  };
}

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
  const fail = (description: string) =>
    unknownCode === 'invalid_client' ? invalidClient(description) : unknownClient(unknownCode, description);
  if (!clientId) throw fail('Missing required property: client_id');
  const client = ctx.clients.get(clientId);
  if (!client) throw fail('Unknown client.');
  if (client.client_secret !== undefined || clientSecret !== undefined) {
    if (!client.client_secret || !clientSecret || !constantTimeEqual(client.client_secret, clientSecret)) {
      throw invalidClient();
    }
  }
  const origin = request.headers.origin;
  // The hosted login page runs on the issuer's own origin, for every client.
  if (origin !== undefined && !client.allowed_origins.includes(origin) && !isIssuerOrigin(ctx, origin)) {
    throw unauthorizedClient('This origin is not allowed for this client.');
  }
  return client;
}
