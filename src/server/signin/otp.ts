/**
 * Sign-in with a one-time code: the OTP grant at /oauth/token, the hosted page's completion and the
 * passkey sign-up's proof all check a code through this (lockout, failure counting, disable_signup).
 */
import type { FastifyRequest } from 'fastify';
import { EXPIRED_CODE_DESCRIPTION, WRONG_CODE_DESCRIPTION, type Connection } from '../../protocol/index.js';
import type { ClientConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { invalidGrant, tooManyAttempts, tooManyRequests, unauthorizedClient } from '../errors.js';
import { maskIdentifier, normalizeEmail, normalizePhone } from '../identifiers.js';
import { GUESS_WINDOW_MS, guessKey, lockoutKey, signupDisabled } from '../policy.js';
import type { OtpSignInOutcome, SignInTokens, User } from '../store/types.js';
import { blockedUser } from './blocked.js';
import { countIpFailure, ipLockKey } from './ip-failures.js';

/** RFC 8176 `amr` of a one-time code: `otp`, plus `sms` when it came by text message. */
export const amrOf = (connection: Connection): string[] => (connection === 'sms' ? ['otp', 'sms'] : ['otp']);

/** The canonical identifier a username names, or null when it cannot have a code. */
function identifierOf(realm: Connection, username: string): string | null {
  if (realm === 'email') return normalizeEmail(username);
  // Nothing is sent here: only the start decides which numbers may receive codes.
  const p = normalizePhone(username, { allowPremium: true });
  return p.ok ? p.e164 : null;
}

/**
 * Checks a one-time code and returns the signed-in user. `tokens` (see SignInTokens) are stored in
 * the same store step as the sign-in.
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
  const identifier = identifierOf(realm, username);
  // A malformed identifier can have no code: the same answer as a wrong code.
  if (!identifier) throw wrong();
  const now = ctx.now();
  const l = ctx.config.limits;
  const lockKey = lockoutKey(realm, identifier, request.client.key);
  // Locks, the code, the failure reset, the login and the tokens: one atomic store step.
  const outcome = await ctx.store.signInWithOtp(
    {
      clientId: client.client_id,
      connection: realm,
      identifier,
      codeHash: /^[0-9]{6}$/.test(otp) ? ctx.hash('otp', otp) : null,
      lockKey,
      ipLockKey: ipLockKey(request),
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
  if (outcome.status !== 'ok') return refuseCode(ctx, request, realm, outcome, audit, now);
  const { user } = outcome;
  if (!user) throw wrong();
  if (user.blocked) throw blockedUser(request, { ...audit, sub: user.sub });
  request.log.info({ audit: 'verify.ok', ...audit, sub: user.sub }, 'verification succeeded');
  return user;
}

type Failed = Exclude<OtpSignInOutcome, { status: 'ok' | 'locked' | 'ip_locked' }>;

/**
 * A code that did not sign in: counted against the client IP (over its hourly limit, the IP waits),
 * and answered as a lockout, a dead or expired code, or a wrong one.
 */
async function refuseCode(
  ctx: AppContext,
  request: FastifyRequest,
  realm: Connection,
  outcome: Failed,
  audit: Record<string, string>,
  now: number,
): Promise<never> {
  // Only a try against a live code is a guess (counted in the store step): anyone can send wrong
  // codes for an address that has none, and that counts nothing but the client IP's failures.
  const lockedUntil = outcome.status === 'wrong' ? (outcome.lockedUntil ?? null) : null;
  const budgetSpent = outcome.status === 'wrong' && outcome.budgetSpent === true;
  request.log.warn({ audit: 'verify.fail', ...audit, reason: outcome.status }, 'verification failed');
  const ipRefusal = await countIpFailure(ctx, request, now);
  if (ipRefusal) {
    ctx.metrics.lockout('ip');
    throw ipRefusal;
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
  throw invalidGrant(WRONG_CODE_DESCRIPTION[realm]);
}
