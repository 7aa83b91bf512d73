/**
 * POST /oauth/token: Auth0's passwordless OTP grant, the authorization_code grant of magic links
 * (PKCE S256, exact redirect_uri), refresh_token (rotating; reuse revokes the family) and Auth0's
 * passkey grant (webauthn; ../passkeys.ts).
 */
import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  EXPIRED_CODE_DESCRIPTION,
  GRANT_AUTHORIZATION_CODE,
  GRANT_CLIENT_CREDENTIALS,
  GRANT_TYPES,
  type GrantType,
  GRANT_PASSWORDLESS_OTP,
  GRANT_REFRESH_TOKEN,
  GRANT_WEBAUTHN,
  isConnection,
  type Connection,
  type PasskeyCredentialJSON,
  WRONG_CODE_DESCRIPTION,
} from '../../protocol/index.js';
import { authenticateClient, CLIENT_FIELDS, readClientCredentials } from '../client-auth.js';
import type { ClientConfig } from '../config.js';
import type { AppContext } from '../context.js';
import {
  invalidGrant,
  invalidRequest,
  invalidScope,
  tooManyAttempts,
  tooManyRequests,
  unauthorizedClient,
  unsupportedGrantType,
  userBlocked,
} from '../errors.js';
import { maskIdentifier, normalizeEmail, normalizePhone } from '../identifiers.js';
import { clientCredentialsGrant } from '../management-auth.js';
import { constantTimeEqual, generateToken } from '../secrets.js';
import {
  checkAudience,
  grantedScope,
  issueTokens,
  newGrantId,
  newRefreshToken,
  normalizeScope,
  signInTokens,
  wantsRefresh,
} from '../tokens.js';
import type { Challenge, LoginInfo, SignInTokens, User } from '../store/types.js';
import { GUESS_WINDOW_MS, guessKey, lockoutKey, signupDisabled } from '../policy.js';
import { readCredential, signInWithPasskey, type PasskeySignIn } from '../passkeys.js';
import { MAX_STRING, optStrings, sameCode, validated, type SchemaErrorTable } from '../request-schema.js';

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

/** A field the grant needs: absent or empty is Auth0's `invalid_request`. */
function need(
  body: TokenBody,
  key: 'realm' | 'username' | 'otp' | 'code' | 'redirect_uri' | 'refresh_token' | 'auth_session',
): string {
  const value = body[key];
  if (!value) throw invalidRequest(`Missing required property: ${key}`);
  return value;
}

const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/** Auth0's answer for a blocked user: the code was right, the account may not sign in. */
function blockedUser(request: FastifyRequest, audit: Record<string, string>) {
  request.log.warn({ audit: 'verify.blocked', ...audit }, 'sign-in refused: the user is blocked');
  return userBlocked();
}

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

/** RFC 8176 `amr` of a one-time code: `otp`, plus `sms` when it came by text message. */
export const amrOf = (connection: Connection): string[] => (connection === 'sms' ? ['otp', 'sms'] : ['otp']);

async function otpGrant(ctx: AppContext, request: FastifyRequest, client: ClientConfig, body: TokenBody) {
  const realmRaw = need(body, 'realm');
  if (!isConnection(realmRaw)) throw invalidRequest('realm must be email or sms.');
  const realm = realmRaw;
  const username = need(body, 'username');
  const otp = need(body, 'otp');
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

/**
 * Checks a one-time code like the OTP grant does (lockout, failure counting, disable_signup) and
 * returns the signed-in user. The hosted login page completes its sign-ins through this too.
 * `tokens` (see OtpSignIn) are stored in the same store step as the sign-in.
 */
export async function verifyOtpLogin(
  ctx: AppContext,
  request: FastifyRequest,
  client: ClientConfig,
  realm: Connection,
  username: string,
  otp: string,
  tokens?: SignInTokens,
): Promise<User> {
  if (!client.connections.includes(realm)) {
    throw unauthorizedClient('The connection is not enabled for this client.');
  }
  // Errors are made only when thrown: building one (its stack trace) costs more than a success.
  const wrong = () => invalidGrant(WRONG_CODE_DESCRIPTION[realm]);

  const identifier =
    realm === 'email'
      ? normalizeEmail(username)
      : (() => {
          // Nothing is sent here: only the start decides which numbers may receive codes.
          const p = normalizePhone(username, { allowPremium: true });
          return p.ok ? p.e164 : null;
        })();
  // A malformed identifier can have no code: the same answer as a wrong code.
  if (!identifier) throw wrong();
  const now = ctx.now();
  const l = ctx.config.limits;
  const lockKey = lockoutKey(realm, identifier, request.client.key);
  const ipLockKey = `token:iplock:${request.client.key}`;
  // Locks, the code, the failure reset, the login and the tokens: one atomic store step.
  const outcome = await ctx.store.signInWithOtp(
    {
      clientId: client.client_id,
      connection: realm,
      identifier,
      codeHash: /^[0-9]{6}$/.test(otp) ? ctx.hash('otp', otp) : null,
      lockKey,
      ipLockKey,
      create: !signupDisabled(ctx.config, realm),
      tokens,
      // A wrong code against a live code is a guess, counted in the same step (docs/security.md,
      // "Lockout"): the identifier's daily budget and this requester's own lock. The lock refuses
      // the network that failed, never the owner elsewhere; once the day's budget is spent, each
      // network's first wrong code locks it until the day ends.
      guess: {
        budget: {
          key: guessKey(realm, identifier),
          windowMs: GUESS_WINDOW_MS,
          limit: l.guesses_per_identifier_per_day,
        },
        maxFailures: l.max_consecutive_failures,
        lockMs: l.lockout_seconds * 1000,
      },
    },
    now,
  );
  if (outcome.status === 'locked') {
    ctx.metrics.refused('token_identifier');
    throw tooManyAttempts(outcome.retryAfterMs);
  }
  if (outcome.status === 'ip_locked') {
    ctx.metrics.refused('token_ip');
    throw tooManyRequests(outcome.retryAfterMs);
  }
  const audit = { client_id: client.client_id, connection: realm, to: maskIdentifier(identifier) };

  if (outcome.status !== 'ok') {
    // Only a try against a live code is a guess (counted above): anyone can send wrong codes for
    // an address that has none, and that counts nothing but the client IP's failures below.
    const lockedUntil = outcome.status === 'wrong' ? (outcome.lockedUntil ?? null) : null;
    const budgetSpent = outcome.status === 'wrong' && outcome.budgetSpent === true;
    // Every failure counts toward the client IP's hourly limit; over it, the IP waits until the
    // window frees (checked above, before any verification).
    const perIp = await ctx.store.hitRateLimits(
      [{ key: `token:fail:ip:${request.client.key}`, windowMs: 3600_000, limit: l.token_failures_per_ip_per_hour }],
      now,
    );
    request.log.warn({ audit: 'verify.fail', ...audit, reason: outcome.status }, 'verification failed');
    if (!perIp.allowed) {
      await ctx.store.recordFailure(ipLockKey, now, 1, perIp.retryAfterMs);
      request.log.warn(
        { audit: 'token.rate_limited', ip: request.client.key },
        'too many failed verifications from one IP',
      );
      ctx.metrics.lockout('ip');
      throw tooManyRequests(perIp.retryAfterMs);
    }
    if (lockedUntil) {
      request.log.warn(
        {
          audit: 'lockout',
          ...audit,
          until: new Date(lockedUntil).toISOString(),
          requester: request.client.key,
          ...(budgetSpent ? { budget_spent: true } : {}),
        },
        'identifier locked for this requester',
      );
      ctx.metrics.lockout('identifier');
      throw tooManyAttempts(lockedUntil - now);
    }
    if (outcome.status === 'exhausted') throw tooManyAttempts();
    // Every recipient gets a challenge at start (disable_signup included), so "expired" says
    // nothing about which accounts exist; it tells the user to ask for a new code.
    if (outcome.status === 'expired') throw invalidGrant(EXPIRED_CODE_DESCRIPTION);
    throw wrong();
  }
  const { user } = outcome;
  if (!user) throw wrong();
  if (user.blocked) throw blockedUser(request, { ...audit, sub: user.sub });
  request.log.info({ audit: 'verify.ok', ...audit, sub: user.sub }, 'verification succeeded');
  return user;
}

/**
 * The user a redeemed magic link signs in (created unless sign-ups are off: then null); a blocked
 * user is refused. The hosted page's link callback signs in through this too.
 */
export async function linkUser(
  ctx: AppContext,
  request: FastifyRequest,
  client: ClientConfig,
  challenge: Challenge,
  now: number,
): Promise<User | null> {
  const user = await ctx.store.loginUser(
    challenge.connection,
    challenge.identifier,
    now,
    !signupDisabled(ctx.config, challenge.connection),
  );
  if (!user) return null;
  const audit = {
    client_id: client.client_id,
    connection: challenge.connection,
    to: maskIdentifier(challenge.identifier),
    sub: user.sub,
  };
  if (user.blocked) throw blockedUser(request, audit);
  await ctx.store.resetFailures(lockoutKey(challenge.connection, challenge.identifier, request.client.key));
  request.log.info({ audit: 'verify.ok', via: 'link', ...audit }, 'magic link redeemed');
  return user;
}

async function authorizationCodeGrant(ctx: AppContext, request: FastifyRequest, client: ClientConfig, body: TokenBody) {
  const code = need(body, 'code');
  const verifier = body.code_verifier;
  const redirectUri = need(body, 'redirect_uri');
  if (verifier !== undefined && !VERIFIER.test(verifier)) {
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
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!constantTimeEqual(stored.code_challenge, challenge)) throw invalidGrant('PKCE verification failed.');
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
  const token = need(body, 'refresh_token');
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
    hash,
    ctx.hash('refresh', next),
    client.client_id,
    now + ctx.config.limits.refresh_token_ttl_seconds * 1000,
    now,
    access === undefined
      ? undefined
      : { hash: ctx.hash('access', access), expires_at: now + ctx.config.limits.token_ttl_seconds * 1000 },
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

/**
 * Signs in with a passkey ceremony (../passkeys.ts) under the token endpoint's limits: a locked
 * client IP waits, and a refused passkey counts toward the IP's hourly failures as a wrong code
 * does. The webauthn grant and the hosted page's passkey completion (./authorize.ts) share it.
 */
export async function passkeySignIn(
  ctx: AppContext,
  request: FastifyRequest,
  client: ClientConfig,
  session: string,
  credential: PasskeyCredentialJSON,
): Promise<PasskeySignIn> {
  const now = ctx.now();
  const ipLockKey = `token:iplock:${request.ip}`;
  const locked = await ctx.store.lockedUntil(ipLockKey, now);
  if (locked) throw tooManyRequests(locked - now);
  try {
    return await signInWithPasskey(ctx, request, client, session, credential);
  } catch (err) {
    const perIp = await ctx.store.hitRateLimits(
      [
        {
          key: `token:fail:ip:${request.ip}`,
          windowMs: 3600_000,
          limit: ctx.config.limits.token_failures_per_ip_per_hour,
        },
      ],
      now,
    );
    if (!perIp.allowed) {
      await ctx.store.recordFailure(ipLockKey, now, 1, perIp.retryAfterMs);
      request.log.warn({ audit: 'token.rate_limited', ip: request.ip }, 'too many failed verifications from one IP');
      throw tooManyRequests(perIp.retryAfterMs);
    }
    throw err;
  }
}

/** Auth0's passkey grant: the ceremony's `auth_session` and the credential (`authn_response`). */
async function webauthnGrant(ctx: AppContext, request: FastifyRequest, client: ClientConfig, body: TokenBody) {
  const session = need(body, 'auth_session');
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
