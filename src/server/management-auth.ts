/**
 * Machine-to-machine access: the `client_credentials` grant (a confidential client gets an access
 * token for an API listed in its `client_grants`) and the check every `/api/v2/*` call makes
 * (signature, issuer, audience, expiry, and the scope the route needs). The client's grant is read
 * again on every call, so taking a scope out of the config takes it away from live tokens too.
 */
import type { FastifyRequest } from 'fastify';
import type { JWTPayload } from 'jose';
import { jwtVerify } from 'jose/jwt/verify';
import { GRANT_CLIENT_CREDENTIALS, type ManagementScope } from '../protocol/index.js';
import type { ClientConfig, ClientGrant } from './config.js';
import { endpointUrl, type AppContext } from './context.js';
import {
  accessDenied,
  insufficientScope,
  invalidClient,
  invalidScope,
  scopeNotGranted,
} from './errors.js';
import { bearerRefused, requireBearer } from './bearer.js';
import { signJwt } from './jwt.js';
import { ACCESS_TOKEN_ALG } from './keys.js';
import { generateId } from './secrets.js';
import { isScopeToken } from './signin/scope.js';

/** The user management API's audience: `{issuer}api/v2/` (Auth0's issuer ends in a slash). */
export const managementAudience = (ctx: AppContext) => endpointUrl(ctx, '/api/v2/');

function grantFor(ctx: AppContext, client: ClientConfig, audience: string): ClientGrant | undefined {
  const management = managementAudience(ctx);
  return client.client_grants.find((g) => (g.audience ?? management) === audience);
}

export interface ClientCredentialsResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/** POST /oauth/token with grant_type=client_credentials (the client is already authenticated). */
export async function clientCredentialsGrant(
  ctx: AppContext,
  request: FastifyRequest,
  client: ClientConfig,
  body: { audience?: string; scope?: string },
): Promise<ClientCredentialsResponse> {
  if (!client.client_secret) {
    throw invalidClient('client_credentials is for confidential clients only.');
  }
  const { audience, scope: asked } = body;
  if (!audience) {
    throw accessDenied(`Send the audience of the API; the user management API is ${managementAudience(ctx)}`);
  }
  const grant = grantFor(ctx, client, audience);
  if (!grant) {
    throw accessDenied(`This client has no client grant for the audience ${audience.slice(0, 200)}.`);
  }
  let scopes = grant.scope;
  if (asked !== undefined && asked.trim() !== '') {
    const parts = [...new Set(asked.trim().split(/ +/))];
    if (!parts.every(isScopeToken)) throw invalidScope('The scope is malformed.');
    const outside = parts.filter((p) => !grant.scope.includes(p));
    if (outside.length > 0) {
      throw scopeNotGranted(`This client is not allowed the scope ${outside.slice(0, 5).join(' ')} for ${audience}.`);
    }
    scopes = parts;
  }
  const now = Math.floor(ctx.now() / 1000);
  const ttl = ctx.config.limits.token_ttl_seconds;
  const scope = scopes.join(' ');
  // Signed in libuv's thread pool, as the user tokens are (jwt.ts).
  const access_token = await signJwt(
    { alg: ACCESS_TOKEN_ALG, kid: ctx.key.kid, typ: 'at+jwt' },
    {
      scope,
      gty: GRANT_CLIENT_CREDENTIALS,
      azp: client.client_id,
      // RFC 9068 section 2.2 requires client_id; azp is Auth0's name for it.
      client_id: client.client_id,
      iss: ctx.issuer(),
      sub: `${client.client_id}@clients`,
      aud: audience,
      iat: now,
      exp: now + ttl,
      jti: generateId(),
    },
    ctx.key.privateKey,
  );
  request.log.info(
    { audit: 'token.client_credentials', client_id: client.client_id, audience, scope },
    'machine-to-machine token issued',
  );
  return { access_token, token_type: 'Bearer', expires_in: ttl, scope };
}

/** Who is calling the management API, and with which scopes. */
export interface ManagementCaller {
  client: ClientConfig;
  scopes: Set<string>;
}

const REALM = 'api/v2';

const unauthorized = (description: string, tokenSent: boolean) => bearerRefused(REALM, description, tokenSent);

/**
 * Checks the Bearer token of a management call and that it carries `scope`. 401 with
 * `WWW-Authenticate` for a missing or bad token; 403 `insufficient_scope` for a missing scope.
 */
export async function authorizeManagement(
  ctx: AppContext,
  request: FastifyRequest,
  scope: ManagementScope,
): Promise<ManagementCaller> {
  const token = requireBearer(request, REALM);
  const audience = managementAudience(ctx);
  let payload: JWTPayload & { gty?: unknown; azp?: unknown; scope?: unknown };
  try {
    ({ payload } = await jwtVerify(token, ctx.key.publicKey, {
      algorithms: [ACCESS_TOKEN_ALG],
      issuer: ctx.issuer(),
      audience,
      typ: 'at+jwt',
      currentDate: new Date(ctx.now()),
    }));
  } catch {
    throw unauthorized('The access token is invalid, expired, or not for this API.', true);
  }
  // Only client_credentials tokens: a user's access token never manages users.
  const client = typeof payload.azp === 'string' ? ctx.clients.get(payload.azp) : undefined;
  if (payload.gty !== GRANT_CLIENT_CREDENTIALS || !client || payload.sub !== `${client.client_id}@clients`) {
    throw unauthorized('The access token is not a client_credentials token of a known client.', true);
  }
  const grant = client.grant_types.includes(GRANT_CLIENT_CREDENTIALS) ? grantFor(ctx, client, audience) : undefined;
  const granted = new Set(grant?.scope ?? []);
  const scopes = new Set(
    (typeof payload.scope === 'string' ? payload.scope.split(' ') : []).filter((s) => granted.has(s)),
  );
  if (!scopes.has(scope)) throw insufficientScope(scope, REALM);
  return { client, scopes };
}
