/**
 * Sign-in with a magic link: the user a redeemed link signs in (the authorization_code grant and
 * the hosted page's link callback), and the hosted page's own redemption of its link's code.
 */
import type { FastifyRequest } from 'fastify';
import type { ClientConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { maskIdentifier } from '../identifiers.js';
import { lockoutKey, signupDisabled } from '../policy.js';
import type { Challenge, User } from '../store/types.js';
import { blockedUser } from './blocked.js';
import { pkceMatches } from './pkce.js';

/**
 * The user a redeemed magic link signs in (created unless sign-ups are off: then null); a blocked
 * user is refused.
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

/**
 * Redeems the code a link of the hosted page brought back (to `redirectUri`, with the verifier its
 * transaction keeps): the link's challenge, or null when the code is unknown, used, another
 * client's, or does not answer the verifier. Nothing is consumed unless everything matches.
 */
export async function redeemLinkCode(
  ctx: AppContext,
  client: ClientConfig,
  redirectUri: string,
  code: string | undefined,
  verifier: string | undefined,
  now: number,
): Promise<Challenge | null> {
  const hash = code ? ctx.hash('authcode', code) : '';
  const stored = code ? await ctx.store.getAuthCode(hash) : null;
  if (
    !stored ||
    !verifier ||
    stored.used_at !== null ||
    stored.client_id !== client.client_id ||
    stored.redirect_uri !== redirectUri ||
    !pkceMatches(stored.code_challenge, verifier)
  ) {
    return null;
  }
  const outcome = await ctx.store.redeemAuthCode(hash, now);
  return outcome.status === 'ok' && outcome.challenge ? outcome.challenge : null;
}
