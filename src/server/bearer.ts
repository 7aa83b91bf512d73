/** Bearer tokens (RFC 6750 §2.1): reading `Authorization: Bearer …` and the 401 that refuses one. */
import type { FastifyRequest } from 'fastify';
import { invalidToken } from './errors.js';

/**
 * The Bearer token of a request: undefined when no Authorization header came, null when the header
 * is not `Bearer <token>` (the scheme in any case, a b64token, optional trailing spaces).
 */
export function bearerToken(request: FastifyRequest): string | null | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  return /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header)?.[1] ?? null;
}

/** 401 with the Bearer challenge of `realm`: no error attribute when no token came (RFC 6750 §3.1). */
export const bearerRefused = (realm: string, description: string, tokenSent: boolean) =>
  invalidToken(
    description,
    tokenSent
      ? `Bearer realm="${realm}", error="invalid_token", error_description="${description}"`
      : `Bearer realm="${realm}"`,
  );

/**
 * The Bearer token of a protected call: a 401 with `realm`'s challenge when it is missing or
 * malformed.
 */
export function requireBearer(request: FastifyRequest, realm: string): string {
  const token = bearerToken(request);
  if (token === undefined) throw bearerRefused(realm, 'A Bearer access token is required.', false);
  if (token === null) throw bearerRefused(realm, 'The Authorization header must be "Bearer <access token>".', true);
  return token;
}
