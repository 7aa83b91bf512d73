/**
 * The authorization response (RFC 6749 4.1.2, OAuth 2.0 Multiple Response Types, RFC 9207 `iss`):
 * what a finished sign-in sends back to the client's redirect_uri (a code, or for an implicit
 * request the tokens), and where it goes (the query, or the fragment for implicit).
 */
import type { AppContext } from '../context.js';
import type { AuthorizationRequest } from '../sessions.js';
import type { LoginInfo } from '../store/types.js';
import { generateToken } from '../secrets.js';
import { grantedScope, issueTokens, newGrantId } from '../tokens.js';

/** The answer's parameters; a null or undefined one is left out. */
export type ResponseParams = Record<string, string | null | undefined>;

/** Where and how an answer goes: the client's redirect_uri, in the request's response mode. */
export type Destination = Pick<AuthorizationRequest, 'client_id' | 'redirect_uri' | 'response_mode'>;

/** The parameters that are set, and the issuer (RFC 9207), as discovery promises for every answer. */
export function withIssuer(ctx: AppContext, params: ResponseParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) out[k] = v;
  out.iss = ctx.issuer();
  return out;
}

/** The redirect_uri carrying the answer: in the query, or in the fragment (implicit). */
export function authorizationResponseUrl(
  ctx: AppContext,
  to: Pick<Destination, 'redirect_uri'> & Partial<Pick<Destination, 'response_mode'>>,
  params: ResponseParams,
): string {
  const url = new URL(to.redirect_uri);
  const all = withIssuer(ctx, params);
  if (to.response_mode === 'fragment') {
    url.hash = new URLSearchParams(all).toString();
  } else {
    for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
  }
  return url.toString();
}

const isImplicit = (responseType: string | undefined) => responseType !== undefined && responseType !== 'code';

/**
 * The answer to a finished sign-in: an authorization code, or for an implicit request (a client
 * with the `implicit` grant) the tokens themselves, never a refresh token.
 */
export async function responseParams(
  ctx: AppContext,
  req: Omit<AuthorizationRequest, 'browser'>,
  login: LoginInfo,
): Promise<ResponseParams> {
  if (!isImplicit(req.response_type)) return { code: await mintCode(ctx, req, login), state: req.state };
  const client = ctx.clients.get(req.client_id);
  const user = await ctx.store.getUser(login.sub);
  if (!client || !user || user.blocked) {
    return { error: 'access_denied', error_description: 'The user may not sign in.', state: req.state };
  }
  if (req.audience !== null && !ctx.config.apis.some((a) => a.audience === req.audience)) {
    // What /oauth/token answers for an unknown audience (checkAudience), here as a redirect.
    return { error: 'access_denied', error_description: 'Service not found.', state: req.state };
  }
  const types = req.response_type!.split(' ');
  const offline = req.scope.split(' ').filter((s) => s !== 'offline_access');
  const scope = grantedScope(ctx, offline.join(' '), req.audience);
  const tokens = await issueTokens(ctx, {
    client,
    user,
    scope,
    audience: req.audience,
    nonce: req.nonce,
    grantId: newGrantId(),
    login,
    atHash: types.includes('token'),
  });
  const out: ResponseParams = { state: req.state };
  if (types.includes('token')) {
    Object.assign(out, {
      access_token: tokens.access_token,
      token_type: tokens.token_type,
      expires_in: String(tokens.expires_in),
      scope: tokens.scope,
    });
  }
  if (types.includes('id_token')) out.id_token = tokens.id_token;
  return out;
}

/** An authorization code for a sign-in that already happened (60 s, single use). */
async function mintCode(ctx: AppContext, req: Omit<AuthorizationRequest, 'browser'>, login: LoginInfo) {
  const code = generateToken();
  const now = ctx.now();
  await ctx.store.createAuthCode({
    hash: ctx.hash('authcode', code),
    challenge_id: '',
    client_id: req.client_id,
    redirect_uri: req.redirect_uri,
    code_challenge: req.code_challenge,
    nonce: req.nonce,
    scope: req.scope,
    audience: req.audience,
    created_at: now,
    expires_at: now + ctx.config.limits.authorization_code_ttl_seconds * 1000,
    login,
  });
  return code;
}
