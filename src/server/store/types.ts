/**
 * The storage interface the routes use. Every method that decides a security outcome (verify a
 * code, redeem an authorization code, rotate a refresh token, count a rate limit) is atomic in the
 * implementation, so parallel requests cannot both win. Times are epoch milliseconds from the
 * app's clock. Secrets arrive here already hashed (see ../secrets.ts).
 *
 * The interface is split by concern (ChallengeStore, TokenStore, UserStore, LimitStore,
 * RecordStore, StoreLifecycle; passkeys are CredentialStore in ./credentials.ts); `Store` is all of
 * them. test/server/store-contract.ts is the suite every implementation must pass.
 */
import type { AuthParams, Connection, SendMode } from '../../protocol/index.js';

/** Stores may answer synchronously (SQLite) or asynchronously (a network store such as Redis). */
export type Awaitable<T> = T | Promise<T>;

export interface Challenge {
  id: string;
  client_id: string;
  connection: Connection;
  /** Normalised email or E.164 phone number. */
  identifier: string;
  code_hash: string;
  /** Hash of the magic-link token; null for `send: code`. */
  link_hash: string | null;
  send: SendMode;
  auth_params: AuthParams | null;
  created_at: number;
  code_expires_at: number;
  link_expires_at: number | null;
  attempts: number;
  max_attempts: number;
  used_at: number | null;
  /** Superseded by a newer one, or its delivery failed. */
  invalidated: boolean;
}

export type NewChallenge = Omit<Challenge, 'attempts' | 'used_at' | 'invalidated'>;

export type VerifyOutcome =
  | { status: 'ok'; challenge: Challenge }
  /** The newest live code did not match (its attempt counter went up). */
  | { status: 'wrong'; attemptsLeft: number }
  /** The newest code is dead after too many wrong tries. */
  | { status: 'exhausted' }
  /** The newest code of this recipient and client expired unused: any code is refused, ask anew. */
  | { status: 'expired' }
  /** No live code (never sent, used, superseded, or another client's). */
  | { status: 'none' };

/**
 * Who signed in, when and how: kept with codes and refresh tokens minted for a sign-in that already
 * happened (hosted page, session), so `auth_time`, `amr` and `sid` reach the ID token and survive
 * refresh. OTP-grant and magic-link codes get theirs when they are redeemed.
 */
export interface LoginInfo {
  sub: string;
  /** Epoch seconds of the sign-in (OIDC `auth_time`). */
  auth_time: number;
  /** RFC 8176 method values. */
  amr: string[];
  /** The session id (OIDC `sid`), when the sign-in opened a session. */
  sid: string | null;
}

export interface AuthCode {
  hash: string;
  /** The magic-link challenge the code redeems; '' for a code minted from `login`. */
  challenge_id: string;
  client_id: string;
  redirect_uri: string;
  code_challenge: string;
  nonce: string | null;
  scope: string;
  audience: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  grant_id: string | null;
  /** Set for codes of an already finished sign-in (no challenge to redeem). */
  login: LoginInfo | null;
}

export type NewAuthCode = Omit<AuthCode, 'used_at' | 'grant_id' | 'login'> & { login?: LoginInfo | null };

export type RedeemOutcome =
  /** `challenge` is null for a code minted from `login`. */
  | { status: 'ok'; code: AuthCode; challenge: Challenge | null }
  /** Redeemed before; `grant_id` is what the first redemption issued (null if not yet recorded). */
  | { status: 'reused'; grant_id: string | null }
  /** Unknown or expired code, or its link already died (another code of it was redeemed). */
  | { status: 'invalid' };

export interface RefreshToken {
  hash: string;
  family_id: string;
  client_id: string;
  sub: string;
  scope: string;
  audience: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  /** The sign-in behind the grant (kept across rotation, so `auth_time` survives refresh). */
  login: LoginInfo | null;
}

export type NewRefreshToken = Omit<RefreshToken, 'used_at' | 'login'> & { login?: LoginInfo | null };

/**
 * The opaque access token a refresh issues, stored in the rotation's own step: only when the grant
 * has no `audience` (else the access token is a JWT) and its user exists and is not blocked. It
 * gets the grant's family, client, sub and scope.
 */
export interface RotationAccessToken {
  hash: string;
  expires_at: number;
}

/** What a refresh-token rotation is asked to do (see Store.rotateRefreshToken). */
export interface RefreshRotation {
  /** The presented token's hash. */
  hash: string;
  /** The hash of the token that replaces it, in the same family. */
  nextHash: string;
  /** The client presenting it: a token of another client is invalid. */
  clientId: string;
  nextExpiresAt: number;
  /** Stored in the same step when given (see RotationAccessToken). */
  accessToken?: RotationAccessToken;
}

export type RotateOutcome =
  /** `user`: the grant's user as it stands (null: deleted); `accessToken`: whether it was stored. */
  | { status: 'ok'; previous: RefreshToken; user: User | null; accessToken: boolean }
  /** An already rotated token came back: the family is now revoked. */
  | { status: 'reused'; family_id: string }
  | { status: 'invalid' };

/**
 * An opaque access token: issued when no `audience` is asked for (as Auth0 does), good only at
 * /userinfo, and stored by its HMAC like the codes and refresh tokens.
 */
export interface AccessToken {
  hash: string;
  /** The grant it belongs to: revoking the grant kills it. */
  grant_id: string;
  client_id: string;
  sub: string;
  scope: string;
  created_at: number;
  expires_at: number;
}

/** The signed-in view of a user, what tokens and /userinfo are made from. */
export interface User {
  sub: string;
  /** The primary identity (the one `sub` was made for). */
  connection: Connection;
  identifier: string;
  created_at: number;
  /** The email of the email identity, linked or primary; null when there is none. */
  email: string | null;
  /** The E.164 number of the sms identity, linked or primary; null when there is none. */
  phone_number: string | null;
  blocked: boolean;
}

/** One sign-in identity of a user (Auth0's `identities[]`, with the identifier it signs in by). */
export interface Identity {
  connection: Connection;
  /** The identity's own id: alone, it is the user `${connection}|${user_id}`. */
  user_id: string;
  /** Canonical email or E.164 number. */
  identifier: string;
}

export type Metadata = Record<string, unknown>;

/** A user as the management API sees it (Auth0's fields; times are epoch milliseconds). */
export interface UserRecord {
  user_id: string;
  /** The primary identity first, then linked ones in the order they were linked. */
  identities: Identity[];
  email_verified: boolean;
  phone_verified: boolean;
  created_at: number;
  updated_at: number;
  last_login: number | null;
  logins_count: number;
  blocked: boolean;
  user_metadata: Metadata;
  app_metadata: Metadata;
}

export interface NewUser {
  connection: Connection;
  identifier: string;
  email_verified: boolean;
  phone_verified: boolean;
  blocked: boolean;
  user_metadata: Metadata;
  app_metadata: Metadata;
  created_at: number;
}

/** What PATCH may change; metadata objects are merged one level deep (a null value removes a key). */
export interface UserPatch {
  blocked?: boolean;
  email_verified?: boolean;
  phone_verified?: boolean;
  user_metadata?: Metadata;
  app_metadata?: Metadata;
}

export type ImportStatus = 'inserted' | 'updated' | 'exists' | 'conflict';

export type CreateUserOutcome = { status: 'ok'; user: UserRecord } | { status: 'exists' };

export type LinkOutcome =
  | { status: 'ok'; user: UserRecord }
  | { status: 'no_primary' }
  /** No user has this identity. */
  | { status: 'no_identity' }
  /** The identity is linked to another user already (or to this one). */
  | { status: 'linked_elsewhere' }
  /** The primary already has an identity of that connection (one email and one phone per user). */
  | { status: 'same_connection' }
  /** The secondary user has linked identities of its own. */
  | { status: 'secondary_has_links' };

export type UnlinkOutcome =
  | { status: 'ok'; user: UserRecord; unlinked: UserRecord }
  | { status: 'no_primary' }
  | { status: 'not_linked' }
  /** The primary identity cannot be unlinked from its own user. */
  | { status: 'main_identity' };

/**
 * At most `limit` counted events per window. A window opens at the first counted event of its key
 * and lasts `windowMs`; the next event after it opens a new one. Stores keep one counter per key
 * (count and window end), updated in place, so a check costs the same however busy the key is.
 * A limit of 1 is exact ("one per interval since the last"); for larger limits two full windows
 * can meet back to back, so a burst of at most 2 × limit fits in one window's length.
 */
export interface RateRule {
  key: string;
  windowMs: number;
  limit: number;
}
/** `retryAfterMs`: until the window that refused ends (the longest of them). */
export type RateOutcome = { allowed: true } | { allowed: false; retryAfterMs: number };

/** A one-time-code sign-in (OTP grant, hosted page), asked of the store in one atomic step. */
export interface OtpSignIn {
  clientId: string;
  connection: Connection;
  identifier: string;
  /** Null for a code that is not six digits: the locks are checked, nothing is verified. */
  codeHash: string | null;
  /** The identifier's lockout key (see recordFailure): refused while locked, reset by a success. */
  lockKey: string;
  /** The client IP's lockout key: refused while locked. */
  ipLockKey: string;
  /** Whether a first sign-in creates the user (not with disable_signup). */
  create: boolean;
  /** Stored in the same step when a user signs in who is not blocked. */
  tokens?: SignInTokens;
  /** How a wrong code is counted, in the same step (see GuessRule); absent: the caller counts. */
  guess?: GuessRule;
}

/**
 * The counting of a wrong code against a live code (docs/security.md, "Lockout"): one event on the
 * identifier's daily budget (`budget`, as a RateRule) and one failure on `lockKey` (as recordFailure
 * with `maxFailures` and `lockMs`). Once the budget is spent (a refused event, which counts
 * nowhere), the failure locks `lockKey` at once until the budget's window ends.
 */
export interface GuessRule {
  budget: RateRule;
  maxFailures: number;
  lockMs: number;
}

/**
 * The tokens a sign-in stores with its login, made before the user is known: the store gives them
 * the signed-in user's `sub` (the refresh token's `login` too).
 */
export interface SignInTokens {
  refreshToken?: Omit<NewRefreshToken, 'sub' | 'login'> & { login: Omit<LoginInfo, 'sub'> };
  accessToken?: Omit<AccessToken, 'sub'>;
}
export type OtpSignInOutcome =
  | { status: 'locked'; retryAfterMs: number }
  | { status: 'ip_locked'; retryAfterMs: number }
  /** The code was right and is used up; `user` is null when there is none and none may be made. */
  | { status: 'ok'; user: User | null }
  /**
   * A wrong code, counted by `guess` when given: `lockedUntil` is the lock end when this failure
   * locked `lockKey` (else null), `budgetSpent` whether the identifier's daily budget was spent.
   */
  | { status: 'wrong'; attemptsLeft: number; lockedUntil?: number | null; budgetSpent?: boolean }
  | Exclude<VerifyOutcome, { status: 'ok' | 'wrong' }>;

/** What POST /passwordless/start needs from the store, in one atomic step (one round trip). */
export interface StartInput {
  /** Lockout key of the recipient (see recordFailure): a locked recipient gets nothing. */
  lockKey: string;
  rules: RateRule[];
  challenge: NewChallenge;
  /**
   * Set with disable_signup: when no user exists for the recipient, the challenge is stored with
   * this code hash instead (of a value nobody knows) and no link hash, so nothing can match.
   */
  unknownUserCodeHash?: string;
}
export type StartOutcome =
  | { status: 'ok'; hasAccount: boolean }
  /** The recipient is locked after too many failures, until `retryAfterMs` from now. */
  | { status: 'locked'; retryAfterMs: number }
  /** A rate rule refused; nothing was counted or stored. */
  | { status: 'limited'; retryAfterMs: number };

/**
 * The sign-in challenges: one-time codes and magic links, from POST /passwordless/start to the
 * code's or link's use. (Passkey ceremonies are short-lived records, see RecordStore.)
 */
export interface ChallengeStore {
  /** Stores a challenge and invalidates every older live one for the same connection+identifier. */
  createChallenge(c: NewChallenge): Awaitable<void>;
  invalidateChallenge(id: string): Awaitable<void>;
  /**
   * Atomically: refuses a locked recipient, hits the rate rules, looks the user up when
   * `unknownUserCodeHash` is set, and creates the challenge (as createChallenge). A refusal
   * stores and counts nothing.
   */
  beginStart(input: StartInput, now: number): Awaitable<StartOutcome>;
  /**
   * A one-time code checked in one atomic step (one transaction or script): refuses a locked
   * identifier or client IP, checks `codeHash` against the recipient's newest live challenge and,
   * when it is right, uses it up, resets the identifier's failures, signs the user in (as
   * loginUser) and stores the tokens `tokens` gives. A challenge of another client is never
   * consumed (it answers `none`). A wrong code counts its try on the challenge, and the failure
   * as `guess` says (without it, the caller records the failure).
   */
  signInWithOtp(input: OtpSignIn, now: number): Awaitable<OtpSignInOutcome>;
  /** The live challenge whose link token hashes to `linkHash`, or null. Consumes nothing. */
  findLiveLink(linkHash: string, now: number): Awaitable<Challenge | null>;
}

/** Authorization codes, refresh-token families (grants) and opaque access tokens. */
export interface TokenStore {
  createAuthCode(code: NewAuthCode): Awaitable<void>;
  getAuthCode(hash: string): Awaitable<AuthCode | null>;
  /** Atomically marks the code used and its challenge used (the link dies). */
  redeemAuthCode(hash: string, now: number): Awaitable<RedeemOutcome>;
  /** Records what a redemption issued. Returns true if a reuse was seen meanwhile. */
  setAuthCodeGrant(hash: string, grantId: string): Awaitable<boolean>;

  createRefreshToken(t: NewRefreshToken): Awaitable<void>;
  /**
   * Atomically marks `hash` used and stores `nextHash` in the same family with the same sub, scope
   * and audience. Reuse of a used token revokes its family. A token of another client is invalid.
   * Answers the grant's user too, and stores `accessToken` (see RotationAccessToken) in the same step.
   */
  rotateRefreshToken(rotation: RefreshRotation, now: number): Awaitable<RotateOutcome>;
  /** The refresh token with this hash (used or not), or null. Consumes nothing. */
  getRefreshToken(hash: string): Awaitable<RefreshToken | null>;
  createAccessToken(t: AccessToken): Awaitable<void>;
  /** The access token with this hash while it has not expired, or null. */
  getAccessToken(hash: string, now: number): Awaitable<AccessToken | null>;
  revokeGrant(grantId: string, now: number): Awaitable<void>;
  isGrantRevoked(grantId: string): Awaitable<boolean>;
  /** Revokes every refresh-token family issued to `sub`. */
  revokeUserGrants(sub: string, now: number): Awaitable<void>;
}

/** Users and their identities: the sign-in's view (User) and the management API's (UserRecord). */
export interface UserStore {
  /**
   * A sign-in: the user owning connection+identifier (primary or linked), created when absent and
   * `create` is true; atomically counts the login (logins_count, last_login) and marks the
   * identifier verified. A blocked user is returned as found, with nothing counted.
   */
  loginUser(connection: Connection, identifier: string, now: number, create: boolean): Awaitable<User | null>;
  getUser(sub: string): Awaitable<User | null>;

  /** Management (Auth0 Management API v2). A taken identifier answers `exists`. */
  createUser(u: NewUser): Awaitable<CreateUserOutcome>;
  getUserRecord(userId: string): Awaitable<UserRecord | null>;
  findUserRecord(connection: Connection, identifier: string): Awaitable<UserRecord | null>;
  /** Users by `created_at`, then `user_id`; `total` counts them all. */
  listUsers(offset: number, limit: number): Awaitable<{ users: UserRecord[]; total: number }>;
  /** Null when there is no such user. */
  updateUser(userId: string, patch: UserPatch, now: number): Awaitable<UserRecord | null>;
  /** Removes the user and its identities and revokes its refresh tokens. False when absent. */
  deleteUser(userId: string, now: number): Awaitable<boolean>;
  /** Moves the identity (and only it) of a standalone user under `primary`; the secondary user goes. */
  linkIdentity(primary: string, connection: Connection, identityId: string, now: number): Awaitable<LinkOutcome>;
  /** Makes a linked identity its own user again (`${connection}|${identityId}`). */
  unlinkIdentity(primary: string, connection: Connection, identityId: string, now: number): Awaitable<UnlinkOutcome>;
  /**
   * Bulk import (optional: PostgreSQL and SQLite have it, Redis not), in one transaction: a user whose `user_id` and
   * identifiers are all free is inserted; an existing one (same `user_id`, its identifiers its own
   * or free) is `exists`, or with `upsert` gets the record's flags, metadata and counters
   * (`updated`); one whose identifier belongs to another user is a `conflict`.
   */
  importUsers?(users: UserRecord[], upsert: boolean): Awaitable<ImportStatus[]>;
}

/** Lockouts (consecutive failures per key) and rate limits (counted events per window). */
export interface LimitStore {
  /** The lock end of `key` while it is locked, else null. */
  lockedUntil(key: string, now: number): Awaitable<number | null>;
  /** Counts one failure; returns the lock end when this failure reached `max`. */
  recordFailure(key: string, now: number, max: number, lockMs: number): Awaitable<number | null>;
  resetFailures(key: string): Awaitable<void>;

  /** Counts one event against every rule only if all allow it (see RateRule). */
  hitRateLimits(rules: RateRule[], now: number): Awaitable<RateOutcome>;
  /**
   * Takes back one counted event of each key whose window is still open (a message that was never
   * delivered does not count toward its recipient's limits); a counter never goes below zero.
   */
  releaseRateLimits(keys: string[], now: number): Awaitable<void>;
}

/**
 * Records: short-lived ones by kind and id (sign-in transactions, sessions, passkey ceremonies,
 * email templates), and settings values by key (signing keys, branding).
 */
export interface RecordStore {
  /**
   * Short-lived records by kind and id, with an optional owner (a user's `sub`) so every record of
   * a user can be dropped at once. Expired records read as null.
   */
  putRecord(kind: string, id: string, value: string, expiresAt: number, owner?: string | null): Awaitable<void>;
  getRecord(kind: string, id: string, now: number): Awaitable<string | null>;
  /** Atomically reads and deletes: only one caller ever gets the value. */
  takeRecord(kind: string, id: string, now: number): Awaitable<string | null>;
  deleteRecord(kind: string, id: string): Awaitable<void>;
  /** Deletes every record of `kind` owned by `owner`. */
  deleteOwnerRecords(kind: string, owner: string): Awaitable<void>;

  getValue(key: string): Awaitable<string | null>;
  /** Stores `value` unless `key` exists; returns what is stored. */
  setValueIfAbsent(key: string, value: string): Awaitable<string>;
  /** Stores `value` under `key`, over what was there (settings documents such as the branding). */
  setValue(key: string, value: string): Awaitable<void>;
}

/** What the app does with the store as a whole: forget old rows, health, shutdown, migrations. */
export interface StoreLifecycle {
  /**
   * Forgets what ended more than `keepMs` ago: dead challenges and codes, expired refresh tokens,
   * expired access tokens (at once), rate-limit events, revocations (by then every token of the grant has expired or been deleted).
   * `keepMs` is at least the longest rate window and token lifetime.
   */
  purge(now: number, keepMs: number): Awaitable<void>;

  /** Throws when the store cannot answer (used by /health). */
  ping(): Awaitable<void>;
  close(): Awaitable<void>;

  /**
   * A store that applies migrations at start after it is opened (PostgreSQL): begins them once and
   * resolves when they are applied; `migrating` is true meanwhile. SQLite and Redis migrate when
   * opened, or on first use, and have neither.
   */
  whenMigrated?(): Promise<void>;
  readonly migrating?: boolean;
}

/**
 * The whole store, every concern: what a backend implements (each sub-interface is checked by its
 * part of test/server/store-contract.ts). Code that needs one concern takes only its interface.
 */
export interface Store extends ChallengeStore, TokenStore, UserStore, LimitStore, RecordStore, StoreLifecycle {}

/**
 * The store cannot answer right now (network store down or hanging). Requests that need it answer
 * `503 temporarily_unavailable` with Retry-After instead of waiting (see errors.ts).
 */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The store is not answering.', { cause });
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Wraps every method of a store: a failure that `isOutage` calls an outage leaves as
 * StoreUnavailableError. Synchronous methods stay synchronous.
 */
export function reportOutages<T extends object>(store: T, isOutage: (err: unknown) => boolean): T {
  const convert = (err: unknown) => (isOutage(err) ? new StoreUnavailableError(err) : err);
  // One wrapper per method, made on first use (not a new closure on every call).
  const wrappers = new Map<unknown, (...args: unknown[]) => unknown>();
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || prop === 'constructor') return value;
      let wrapper = wrappers.get(value);
      if (wrapper) return wrapper;
      wrapper = (...args: unknown[]) => {
        let out: unknown;
        try {
          out = (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (err) {
          throw convert(err);
        }
        return out instanceof Promise
          ? out.catch((err: unknown) => {
              throw convert(err);
            })
          : out;
      };
      wrappers.set(value, wrapper);
      return wrapper;
    },
  });
}
