/**
 * Token issuing: JWTs (node:crypto, see jwt.ts) with `kid`. The ID token carries the identity claims, signed with the
 * client's `id_token_signed_response_alg` (RS256 by default); the access token (ES256, keys.ts)
 * token is for `audience` (or this server's /userinfo). Every issue belongs to a grant (`gid`):
 * refresh-token rotation keeps it, and revoking it (refresh reuse, auth-code replay) kills the
 * access tokens at /userinfo and every refresh token of the family.
 * Without an `audience` the access token is opaque, as at Auth0: a random value good only at
 * /userinfo, stored by its HMAC like the codes (no signature to make, nothing for a client to read).
 */
import { createHash } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { jwtVerify } from 'jose/jwt/verify';
import { MY_ACCOUNT_PATH, MY_ACCOUNT_SCOPES, type IdTokenClaims, type TokenResponse } from '../protocol/index.js';
import type { ClientConfig } from './config.js';
import { endpointUrl, type AppContext } from './context.js';
import { accessDenied, invalidToken } from './errors.js';
import { signJwt } from './jwt.js';
import { ACCESS_TOKEN_ALG } from './keys.js';
import { generateId, generateToken } from './secrets.js';
import type { AccessToken, LoginInfo, NewRefreshToken, SignInTokens, User } from './store/types.js';

export const wantsRefresh = (scope: string) => scope.split(' ').includes('offline_access');

/** The scopes OpenID Connect defines; any audience may be granted these. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'phone', 'offline_access'];

/** MyAccount's audience, `{issuer}/me/` (a user's own passkeys: routes/me.ts). */
export const myAccountAudience = (ctx: AppContext) => endpointUrl(ctx, MY_ACCOUNT_PATH);

/**
 * The audience a grant may name: none (this server's /userinfo), MyAccount or one of `apis`.
 * Anything else is Auth0's `403 access_denied` "Service not found".
 */
export function checkAudience(ctx: AppContext, audience: string | null): void {
  if (audience === myAccountAudience(ctx)) return;
  if (audience !== null && !ctx.config.apis.some((a) => a.audience === audience)) {
    throw accessDenied(`Service not found: ${audience.slice(0, 200)}`);
  }
}

/** The granted scope: of what was asked, OIDC's scopes and the audience's own; the rest dropped. */
export function grantedScope(ctx: AppContext, scope: string, audience: string | null): string {
  const api = audience === null ? undefined : ctx.config.apis.find((a) => a.audience === audience);
  const own = audience !== null && audience === myAccountAudience(ctx) ? MY_ACCOUNT_SCOPES : [];
  const allowed = new Set([...OIDC_SCOPES, ...(api?.scopes ?? []), ...own]);
  return scope
    .split(' ')
    .filter((s) => allowed.has(s))
    .join(' ');
}

/**
 * The identity claims a scope releases (OIDC Core §5.4): email with `email`, phone with `phone`.
 * A linked user has both identifiers, so both can be released.
 */
export function identityClaims(user: Pick<User, 'email' | 'phone_number'>, scope: string): Partial<IdTokenClaims> {
  const scopes = scope.split(' ');
  const claims: Partial<IdTokenClaims> = {};
  if (user.email !== null && scopes.includes('email'))
    Object.assign(claims, { email: user.email, email_verified: true });
  if (user.phone_number !== null && scopes.includes('phone')) {
    Object.assign(claims, { phone_number: user.phone_number, phone_number_verified: true });
  }
  return claims;
}

export interface IssueInput {
  client: ClientConfig;
  user: User;
  scope: string;
  audience: string | null;
  nonce: string | null;
  grantId: string;
  /** Refresh token to return (already stored by the caller). */
  refreshToken?: string;
  /** Opaque access token to return (already stored by the caller; see opaqueAccessToken). */
  accessToken?: string;
  /** The sign-in behind these tokens: `auth_time`, `amr` and (with a session) `sid`. */
  login?: LoginInfo | null;
  /** Tokens straight from /authorize (implicit): the ID token carries `at_hash` (OIDC Core 3.2.2.10). */
  atHash?: boolean;
}

/** `at_hash`: the left half of the access token's SHA-256 (RS256 and ES256 both use SHA-256). */
function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
}

export async function issueTokens(ctx: AppContext, i: IssueInput): Promise<TokenResponse> {
  const now = Math.floor(ctx.now() / 1000);
  const ttl = ctx.config.limits.token_ttl_seconds;
  const iss = ctx.issuer();
  const header = { alg: ACCESS_TOKEN_ALG, kid: ctx.key.kid };
  const idKey = ctx.keys[i.client.id_token_signed_response_alg];
  const idClaims: Record<string, unknown> = { ...identityClaims(i.user, i.scope) };
  if (i.nonce) idClaims.nonce = i.nonce;
  if (i.login) {
    idClaims.auth_time = i.login.auth_time;
    idClaims.amr = i.login.amr;
    if (i.login.sid) idClaims.sid = i.login.sid;
  }
  const base = { iss, sub: i.user.sub, iat: now, exp: now + ttl };
  const accessToken =
    i.accessToken ??
    (i.audience === null
      ? storeOpaqueAccessToken(ctx, i)
      : signJwt(
          { ...header, typ: 'at+jwt' },
          {
            ...base,
            // /userinfo accepts only tokens meant for it; a token for an API is meant for /userinfo too.
            aud: i.audience ? [i.audience, endpointUrl(ctx, '/userinfo')] : endpointUrl(ctx, '/userinfo'),
            jti: generateId(),
            scope: i.scope,
            client_id: i.client.client_id,
            gid: i.grantId,
          },
          ctx.key.privateKey,
        ));
  const signId = () =>
    signJwt({ alg: idKey.alg, kid: idKey.kid, typ: 'JWT' }, { ...base, aud: i.client.client_id, ...idClaims }, idKey.privateKey);
  let id_token: string;
  let access_token: string;
  if (i.atHash) {
    // The ID token names the access token's hash, so it is signed second.
    access_token = await accessToken;
    idClaims.at_hash = accessTokenHash(access_token);
    id_token = await signId();
  } else {
    // Both signatures (and the opaque token's store write) run at once: the signing is in the thread pool.
    [id_token, access_token] = await Promise.all([signId(), accessToken]);
  }
  const res: TokenResponse = { access_token, id_token, token_type: 'Bearer', expires_in: ttl, scope: i.scope };
  if (i.refreshToken) res.refresh_token = i.refreshToken;
  return res;
}

/** Stores a new refresh token for a new grant when `offline_access` was asked for. */
export async function newRefreshToken(
  ctx: AppContext,
  i: Omit<IssueInput, 'refreshToken' | 'nonce'>,
): Promise<string | undefined> {
  if (!wantsRefresh(i.scope)) return undefined;
  const { token, record } = refreshTokenRecord(ctx, i);
  await ctx.store.createRefreshToken({ ...record, sub: i.user.sub, login: i.login ?? null });
  return token;
}

/** A new refresh token for a new grant and the record to store (by its HMAC) for it, but its user. */
function refreshTokenRecord(
  ctx: AppContext,
  i: { client: ClientConfig; scope: string; audience: string | null; grantId: string },
): { token: string; record: Omit<NewRefreshToken, 'sub' | 'login'> } {
  const token = generateToken();
  const now = ctx.now();
  return {
    token,
    record: {
      hash: ctx.hash('refresh', token),
      family_id: i.grantId,
      client_id: i.client.client_id,
      scope: i.scope,
      audience: i.audience,
      created_at: now,
      expires_at: now + ctx.config.limits.refresh_token_ttl_seconds * 1000,
    },
  };
}

export const newGrantId = () => generateId();

/**
 * The tokens of an OTP sign-in, made before the user is known (the store gives them its `sub`):
 * a refresh token with `offline_access`, an opaque access token without an `audience`.
 */
export function signInTokens(
  ctx: AppContext,
  i: { client: ClientConfig; scope: string; audience: string | null; grantId: string; login: Omit<LoginInfo, 'sub'> },
): { refreshToken?: string; accessToken?: string; records: SignInTokens } {
  const records: SignInTokens = {};
  let refreshToken: string | undefined;
  let accessToken: string | undefined;
  if (wantsRefresh(i.scope)) {
    const rt = refreshTokenRecord(ctx, i);
    refreshToken = rt.token;
    records.refreshToken = { ...rt.record, login: i.login };
  }
  if (i.audience === null) {
    const at = opaqueAccessToken(ctx, i);
    accessToken = at.token;
    records.accessToken = at.record;
  }
  return { refreshToken, accessToken, records };
}

/** A new opaque access token and the record to store (by its HMAC) for it, but its user. */
function opaqueAccessToken(
  ctx: AppContext,
  i: { client: ClientConfig; scope: string; grantId: string },
): { token: string; record: Omit<AccessToken, 'sub'> } {
  const token = generateToken();
  const now = ctx.now();
  return {
    token,
    record: {
      hash: ctx.hash('access', token),
      grant_id: i.grantId,
      client_id: i.client.client_id,
      scope: i.scope,
      created_at: now,
      expires_at: now + ctx.config.limits.token_ttl_seconds * 1000,
    },
  };
}

async function storeOpaqueAccessToken(ctx: AppContext, i: IssueInput): Promise<string> {
  const { token, record } = opaqueAccessToken(ctx, i);
  await ctx.store.createAccessToken({ ...record, sub: i.user.sub });
  return token;
}

/** What /userinfo and revocation need of a valid access token, opaque or JWT. */
export interface AccessTokenInfo {
  sub: string;
  scope: string;
  client_id: string | undefined;
  gid: string;
}

/** A JWT has two dots; an opaque token (base64url) has none. */
const isJwt = (token: string) => token.includes('.');

/**
 * Verifies an access token for /userinfo, grant not revoked. Opaque: stored (by its HMAC) and not
 * expired. JWT: our key, ES256 only, our issuer, meant for /userinfo.
 */
export async function verifyAccessToken(ctx: AppContext, token: string): Promise<AccessTokenInfo> {
  if (!isJwt(token)) {
    const stored = await ctx.store.getAccessToken(ctx.hash('access', token), ctx.now());
    if (!stored) throw invalidToken('The access token is invalid or expired.');
    if (await ctx.store.isGrantRevoked(stored.grant_id)) throw invalidToken('The access token has been revoked.');
    return { sub: stored.sub, scope: stored.scope, client_id: stored.client_id, gid: stored.grant_id };
  }
  let payload: JWTPayload & { gid?: string };
  try {
    ({ payload } = await jwtVerify(token, ctx.key.publicKey, {
      algorithms: [ACCESS_TOKEN_ALG],
      issuer: ctx.issuer(),
      audience: endpointUrl(ctx, '/userinfo'),
      typ: 'at+jwt',
      currentDate: new Date(ctx.now()),
    }));
  } catch {
    throw invalidToken('The access token is invalid or expired.');
  }
  if (!payload.sub || typeof payload.gid !== 'string' || (await ctx.store.isGrantRevoked(payload.gid))) {
    throw invalidToken('The access token has been revoked.');
  }
  return {
    sub: payload.sub,
    scope: typeof payload.scope === 'string' ? payload.scope : '',
    client_id: typeof payload.client_id === 'string' ? payload.client_id : undefined,
    gid: payload.gid,
  };
}
