/**
 * The parts of an OTP sign-in's store step (Store.signInWithOtp) that do not depend on the
 * database: the SQL stores (SQLite, PostgreSQL) read the same failure rows and store the same
 * tokens, each in its own transaction. (Redis does the same in one Lua script.)
 */
import type { AccessToken, NewRefreshToken, OtpSignIn, OtpSignInOutcome, SignInTokens, User } from './types.js';

export interface FailureRow {
  key: string;
  locked_until: number | null;
}

/**
 * The locks of a sign-in from the failure rows of its lock key and IP lock key: `refusal` when
 * either is locked (the identifier's lock first), and `counted` when the identifier has a failure
 * row (a success then resets it).
 */
export function otpLocks(
  failures: FailureRow[],
  i: Pick<OtpSignIn, 'lockKey'>,
  now: number,
): { refusal: OtpSignInOutcome | null; counted: boolean } {
  let counted = false;
  let ipLocked = 0;
  for (const f of failures) {
    const until = f.locked_until ?? 0;
    if (f.key === i.lockKey) {
      counted = true;
      if (until > now) return { refusal: { status: 'locked', retryAfterMs: until - now }, counted };
    } else if (until > now) ipLocked = until;
  }
  return { refusal: ipLocked ? { status: 'ip_locked', retryAfterMs: ipLocked - now } : null, counted };
}

/** The tokens a sign-in stores for `user` (none for a blocked or absent user), with its `sub`. */
export function tokensFor(
  tokens: SignInTokens | undefined,
  user: User | null,
): { refreshToken?: NewRefreshToken; accessToken?: AccessToken } {
  if (!user || user.blocked || !tokens) return {};
  const { refreshToken: rt, accessToken: at } = tokens;
  return {
    ...(rt ? { refreshToken: { ...rt, sub: user.sub, login: { ...rt.login, sub: user.sub } } } : {}),
    ...(at ? { accessToken: { ...at, sub: user.sub } } : {}),
  };
}
