/**
 * POST /oauth/token: Auth0's passwordless OTP grant, the authorization_code grant of magic links
 * (PKCE S256, exact redirect_uri), refresh_token (rotating; reuse revokes the family) and Auth0's
 * passkey grant (webauthn; ../passkeys.ts).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  GRANT_AUTHORIZATION_CODE,
  GRANT_CLIENT_CREDENTIALS,
  GRANT_TYPES,
  type GrantType,
  GRANT_PASSWORDLESS_OTP,
  GRANT_REFRESH_TOKEN,
  GRANT_WEBAUTHN,
  isConnection,
} from '../../protocol/index.js';
import { authenticateClient, CLIENT_FIELDS, readClientCredentials } from '../client-auth.js';
import type { ClientConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { invalidGrant, invalidRequest, invalidScope, unauthorizedClient, unsupportedGrantType } from '../errors.js';
import { clientCredentialsGrant } from '../management-auth.js';
import { constantTimeEqual, generateToken } from '../secrets.js';
import {
  checkAudience,
  grantedScope,
  issueTokens,
  newGrantId,
  newRefreshToken,
  signInTokens,
  wantsRefresh,
} from '../tokens.js';
import type { LoginInfo, User } from '../store/types.js';
import { readCredential } from '../passkeys.js';
import { blockedUser } from '../signin/blocked.js';
import { linkUser } from '../signin/link.js';
import { amrOf, verifyOtpLogin } from '../signin/otp.js';
import { passkeySignIn } from '../signin/passkey.js';
import { isCodeVerifier, pkceMatches } from '../signin/pkce.js';
import { normalizeScope } from '../signin/scope.js';

import { MAX_STRING, optStrings, required, sameCode, validated, type SchemaErrorTable } from '../request-schema.js';

/** Every grant's fields, loosely: which a grant needs is checked by the grant (Auth0's codes per grant). */
const TokenBody = Type.Object(
  {
    grant_type: Type.String({ minLength: 1, maxLength: MAX_STRING }),
    ...optStrings(
      'client_id',
      'client_secret',
      'username',
      'otp',
      'realm',
      'scope',
      'audience',
      'nonce',
      'code',
      'code_verifier',
      'redirect_uri',
      'refresh_token',
      'auth_session',
    ),
    // The credential, as an object or as its JSON (readCredential checks it).
    authn_response: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
type TokenBody = Static<typeof TokenBody>;

const TOKEN_ERRORS: SchemaErrorTable = {
  fields: [
    ['grant_type', { code: 'invalid_request' }],
    ...CLIENT_FIELDS,
    ...sameCode(
      'invalid_request',
      'realm',
      'username',
      'otp',
      'code',
      'code_verifier',
      'redirect_uri',
      'refresh_token',
      'auth_session',
      'audience',
    ),
    ['scope', { code: 'invalid_scope' }],
    ['nonce', { code: 'invalid_request' }],
  ],
};

function readScope(body: TokenBody): string {
  const scope = normalizeScope(body.scope);
  if (scope === null) throw invalidScope('The scope is malformed.');
  return scope;
}

function readAudience(body: TokenBody): string | null {
  const audience = body.audience;
  if (audience === undefined || audience === '') return null;
  return audience;
}

async function otpGrant(ctx: AppContext, request: FastifyRequest, client: ClientConfig, body: TokenBody) {
  const realmRaw = required(body.realm, 'realm');
  if (!isConnection(realmRaw)) throw invalidRequest('realm must be email or sms.');
  const realm = realmRaw;
  const username = required(body.username, 'username');
  const otp = required(body.otp, 'otp');
  const audience = readAudience(body);
  checkAudience(ctx, audience);
  const scope = grantedScope(ctx, readScope(body), audience);
  const nonce = body.nonce ?? null;
  const grantId = newGrantId();
  const authTime = Math.floor(ctx.now() / 1000);
  const amr = amrOf(realm);
  // The refresh token and the opaque access token are stored in the store step that consumes the
  // code and signs the user in (one transaction, or one script), which gives them the user's sub.
  const { refreshToken, accessToken, records } = signInTokens(ctx, {
    client,
    scope,
    audience,
    grantId,
    login: { auth_time: authTime, amr, sid: null },
  });
  const user = await verifyOtpLogin(ctx, request, client, realm, username, otp, records);
  const login: LoginInfo = { sub: user.sub, auth_time: authTime, amr, sid: null };
  return issueTokens(ctx, { client, user, scope, audience, nonce, grantId, refreshToken, accessToken, login });
}

async function authorizationCodeGrant(ctx: AppContext, request: FastifyRequest, client: ClientConfig, body: TokenBody) {
  const code = required(body.code, 'code');
  const verifier = body.code_verifier;
  const redirectUri = required(body.redirect_uri, 'redirect_uri');
  if (verifier !== undefined && !isCodeVerifier(verifier)) {
    throw invalidRequest('code_verifier must be 43-128 unreserved characters.');
  }
  const hash = ctx.hash('authcode', code);
  const now = ctx.now();
  const invalid = () => invalidGrant('The authorization code is invalid, expired or already used.');
  const stored = await ctx.store.getAuthCode(hash);
  if (!stored || stored.client_id !== client.client_id) throw invalid();
  if (stored.used_at === null) {
    // Checked before redeeming: a request without the browser's verifier consumes nothing.
    if (!constantTimeEqual(stored.redirect_uri, redirectUri)) throw invalidGrant('redirect_uri does not match.');
    if (stored.code_challenge === '') {
      // Only a confidential client (authenticated above) may have asked without PKCE.
      if (verifier !== undefined) throw invalidGrant('PKCE verification failed.');
    } else {
      if (verifier === undefined) throw invalidRequest('Missing required property: code_verifier');
      if (!pkceMatches(stored.code_challenge, verifier)) throw invalidGrant('PKCE verification failed.');
    }
  }
  const outcome = await ctx.store.redeemAuthCode(hash, now);
  if (outcome.status === 'reused') {
    if (outcome.grant_id) await ctx.store.revokeGrant(outcome.grant_id, now);
    request.log.warn(
      { audit: 'authcode.replay', client_id: client.client_id },
      'authorization code replayed; its tokens are revoked',
    );
    throw invalid();
  }
  if (outcome.status !== 'ok') throw invalid();
  const { challenge } = outcome;
  let user: User | null;
  let login: LoginInfo;
  if (challenge) {
    user = await linkUser(ctx, request, client, challenge, now);
    if (!user) throw invalid();
    login = { sub: user.sub, auth_time: Math.floor(now / 1000), amr: ['otp'], sid: null };
  } else {
    // A code of the hosted page or of a session: the sign-in happened before the code was minted.
    login = outcome.code.login!;
    user = await ctx.store.getUser(login.sub);
    if (!user) throw invalid();
    if (user.blocked) throw blockedUser(request, { client_id: client.client_id, sub: user.sub });
  }
  const grantId = newGrantId();
  checkAudience(ctx, stored.audience);
  const scope = grantedScope(ctx, stored.scope, stored.audience);
  const audience = stored.audience;
  const refreshToken = await newRefreshToken(ctx, { client, user, scope, audience, grantId, login });
  const tokens = await issueTokens(ctx, {
    client,
    user,
    scope,
    audience,
    nonce: stored.nonce,
    grantId,
    refreshToken,
    login,
  });
  // A replay that raced this redemption is seen here, and what was just issued dies with it.
  if (await ctx.store.setAuthCodeGrant(hash, grantId)) {
    await ctx.store.revokeGrant(grantId, now);
    throw invalid();
  }
  return tokens;
}

/** The scope a refresh asks for: the grant's, or a narrower one (RFC 6749 section 6), never wider. */
function refreshScope(granted: string, requested: string | undefined): string {
  if (requested === undefined || requested.trim() === '') return granted;
  const allowed = new Set(granted.split(' '));
  const asked = normalizeScope(requested);
  if (asked === null || !asked.split(' ').every((s) => allowed.has(s))) {
    throw invalidScope('The requested scope exceeds the granted scope.');
  }
  return asked;
}

async function refreshGrant(ctx: AppContext, request: FastifyRequest, client: ClientConfig, body: TokenBody) {
  const token = required(body.refresh_token, 'refresh_token');
  const requested = body.scope;
  const narrowing = requested !== undefined && requested.trim() !== '';
  const audience = readAudience(body);
  const now = ctx.now();
  const invalid = () => invalidGrant('Unknown or invalid refresh token.');
  const hash = ctx.hash('refresh', token);
  if (narrowing || audience !== null) {
    // A request that will be refused is refused before the rotation, which would use the token up:
    // an app that asks for one scope too many keeps its user signed in. Only a live token of this
    // client is checked here; anything else goes on to the rotation, which answers it (and sees reuse).
    const current = await ctx.store.getRefreshToken(hash);
    if (current && current.client_id === client.client_id && current.used_at === null && current.expires_at > now) {
      refreshScope(current.scope, requested);
      // A refresh keeps the grant's API: another audience is a new sign-in, not a refresh.
      if (audience !== null && audience !== current.audience) {
        throw invalidRequest('A refresh keeps the audience of its grant; sign in again for another API.');
      }
    }
  }
  const next = generateToken();
  // Without a narrowed scope, the opaque access token (for a grant without audience) is stored in
  // the rotation's own store step; a narrowed one is stored by issueTokens once it is checked.
  const access = narrowing ? undefined : generateToken();
  const outcome = await ctx.store.rotateRefreshToken(
    {
      hash,
      nextHash: ctx.hash('refresh', next),
      clientId: client.client_id,
      nextExpiresAt: now + ctx.config.limits.refresh_token_ttl_seconds * 1000,
      accessToken:
        access === undefined
          ? undefined
          : { hash: ctx.hash('access', access), expires_at: now + ctx.config.limits.token_ttl_seconds * 1000 },
    },
    now,
  );
  if (outcome.status === 'reused') {
    request.log.warn(
      { audit: 'refresh.reuse', client_id: client.client_id },
      'refresh token reused; its family is revoked',
    );
    throw invalid();
  }
  if (outcome.status !== 'ok') throw invalid();
  const prev = outcome.previous;
  // Checked before the rotation too; a grant's scope never changes, so this cannot refuse now.
  const scope = refreshScope(prev.scope, requested);
  const { user } = outcome;
  if (!user) throw invalid();
  if (user.blocked) {
    // Blocking revokes the user's refresh tokens; this catches a rotation that raced the block.
    await ctx.store.revokeGrant(prev.family_id, now);
    throw blockedUser(request, { client_id: client.client_id, sub: user.sub });
  }
  return issueTokens(ctx, {
    client,
    user,
    scope,
    audience: prev.audience,
    nonce: null,
    grantId: prev.family_id,
    refreshToken: wantsRefresh(prev.scope) ? next : undefined,
    accessToken: outcome.accessToken ? access : undefined,
    login: prev.login,
  });
}

/** Auth0's passkey grant: the ceremony's `auth_session` and the credential (`authn_response`). */
async function webauthnGrant(ctx: AppContext, request: FastifyRequest, client: ClientConfig, body: TokenBody) {
  const session = required(body.auth_session, 'auth_session');
  if (body.authn_response === undefined) throw invalidRequest('Missing required property: authn_response');
  const credential = readCredential(body.authn_response);
  const audience = readAudience(body);
  checkAudience(ctx, audience);
  const scope = grantedScope(ctx, readScope(body), audience);
  const nonce = body.nonce ?? null;
  const now = ctx.now();
  const { user, amr } = await passkeySignIn(ctx, request, client, session, credential);
  const login: LoginInfo = { sub: user.sub, auth_time: Math.floor(now / 1000), amr, sid: null };
  const grantId = newGrantId();
  const refreshToken = await newRefreshToken(ctx, { client, user, scope, audience, grantId, login });
  return issueTokens(ctx, { client, user, scope, audience, nonce, grantId, refreshToken, login });
}

export function tokenRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    app.post('/oauth/token', validated({ body: TokenBody }, TOKEN_ERRORS), async (request, reply) => {
      const body = request.body;
      const grantType = body.grant_type;
      const credentials = readClientCredentials(request, body);
      const client = authenticateClient(ctx, request, credentials.clientId, credentials.clientSecret, 'invalid_client');
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      if (
        (GRANT_TYPES as readonly string[]).includes(grantType) &&
        !client.grant_types.includes(grantType as GrantType)
      ) {
        throw unauthorizedClient(`Grant type '${grantType}' not allowed for the client.`);
      }
      switch (grantType) {
        case GRANT_CLIENT_CREDENTIALS:
          return clientCredentialsGrant(ctx, request, client, body);
        case GRANT_PASSWORDLESS_OTP:
          return otpGrant(ctx, request, client, body);
        case GRANT_AUTHORIZATION_CODE:
          return authorizationCodeGrant(ctx, request, client, body);
        case GRANT_REFRESH_TOKEN:
          return refreshGrant(ctx, request, client, body);
        case GRANT_WEBAUTHN:
          return webauthnGrant(ctx, request, client, body);
        default:
          throw unsupportedGrantType(grantType);
      }
    });
  };
}
