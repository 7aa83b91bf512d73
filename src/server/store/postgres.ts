/**
 * PostgreSQL store (node-postgres). Every decision is one statement that carries its own guard
 * (`UPDATE … WHERE used_at IS NULL … RETURNING`, `INSERT … ON CONFLICT … RETURNING`) or a short
 * READ COMMITTED transaction whose reads lock what they decide on (`FOR UPDATE`, or an advisory
 * lock per recipient where the row to lock does not exist yet), so parallel requests on any number
 * of API processes cannot both win. Schema: ./postgres-migrations.ts; connections: ./postgres-db.ts.
 */
import { CREDENTIAL_CALLS, forward, RECORD_CALLS, USER_CALLS } from './forward.js';
import type { ForwardedCredentials, ForwardedRecords, ForwardedUsers } from './forward.js';
import { rotationAccessToken } from './rotation.js';
import { challengeValues } from './sql-rows.js';
import type { Connection } from '../../protocol/index.js';
import { constantTimeEqual } from '../secrets.js';
import pg from 'pg';
import { isOutage, isRetryable, PostgresDb, type PostgresOptions, type Q } from './postgres-db.js';
import { applyLogin, signupRecord, toUser } from './user-records.js';
import { PostgresCredentials } from './postgres-credentials.js';
import { PostgresRecords } from './postgres-records.js';
import { PostgresUsers } from './postgres-users.js';
import { StatementGroups } from './postgres-groups.js';
import type { CredentialStore } from './credentials.js';
import {
  reportOutages,
  type AccessToken,
  type AuthCode,
  type Challenge,
  type Identity,
  type NewAuthCode,
  type NewChallenge,
  type NewRefreshToken,
  type OtpSignIn,
  type OtpSignInOutcome,
  type RateOutcome,
  type RateRule,
  type RedeemOutcome,
  type RefreshToken,
  type RotateOutcome,
  type RefreshRotation,
  type StartInput,
  type StartOutcome,
  type Store,
  type User,
} from './types.js';

export type { PostgresOptions } from './postgres-db.js';

/** Rows a purge deletes per statement: each batch holds its locks for a moment only. */
export const PURGE_BATCH = 500;

const CHALLENGE_COLUMNS = `id, client_id, connection, identifier, code_hash, link_hash, send, auth_params, created_at,
  code_expires_at, link_expires_at, attempts, max_attempts, used_at, invalidated`;
const AUTH_CODE_COLUMNS = `hash, challenge_id, client_id, redirect_uri, code_challenge, nonce, scope, audience,
  created_at, expires_at, used_at, grant_id, login`;
const REFRESH_COLUMNS = 'hash, family_id, client_id, sub, scope, audience, created_at, expires_at, used_at, login';
const ACCESS_COLUMNS = 'hash, grant_id, client_id, sub, scope, created_at, expires_at';

/** The per-recipient lock that makes "invalidate the older codes, add the new one" one step. */
const RECIPIENT_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('pwl challenge ' || $1 || ' ' || $2, 0))";

/** The SQLSTATE pwl_begin_start raises when a rate rule refuses (its DETAIL: the wait in ms). */
const RATE_LIMITED = 'PW429';

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/** A row of pwl_begin_start or pwl_begin_starts. */
interface StartRow {
  outcome: 'ok' | 'locked' | 'limited';
  retry_ms: number;
  has_account: boolean | null;
}

export interface StartStep {
  input: StartInput;
  now: number;
}

/**
 * One start as one statement (migration 5) and its arguments; exported, with the group's below, for
 * bench/store-step.bench.ts, which calls the functions directly as the store does.
 */
export const BEGIN_START_SQL = `SELECT * FROM pwl_begin_start($1, $2::bigint, $3, $4, $5, $6, $7, $8, $9, $10::jsonb,
  $11::bigint, $12::bigint, $13::bigint, $14::integer, $15, $16::text[], $17::bigint[], $18::bigint[])`;
export const beginStartValues = ({ input, now }: StartStep): unknown[] => [
  input.lockKey,
  now,
  ...challengeValues(input.challenge),
  input.unknownUserCodeHash ?? null,
  input.rules.map((r) => r.key),
  input.rules.map((r) => r.windowMs),
  input.rules.map((r) => r.limit),
];

/** A group of starts as one statement (migration 6): its one argument is the items' JSON array. */
export const BEGIN_STARTS_SQL = 'SELECT * FROM pwl_begin_starts($1::jsonb)';

/** One start as an item of pwl_begin_starts (migration 6). */
export const startItem = ({ input, now }: StartStep) => ({
  ...input.challenge,
  lock_key: input.lockKey,
  now,
  unknown_code_hash: input.unknownUserCodeHash ?? null,
  keys: input.rules.map((r) => r.key),
  windows: input.rules.map((r) => r.windowMs),
  limits: input.rules.map((r) => r.limit),
});

/** A row of pwl_otp_sign_in or pwl_otp_sign_ins. */
interface SignInRow {
  outcome: OtpSignInOutcome['status'];
  retry_ms: number | null;
  attempts_left: number | null;
  lock_until: number | null;
  budget_spent: boolean | null;
  user_sub: string | null;
  user_created_at: number | null;
  user_blocked: boolean | null;
  user_identities: Identity[] | null;
}

interface SignInStep {
  input: OtpSignIn;
  /** pwl_otp_sign_in's parameters, in order. */
  values: unknown[];
}

/** pwl_otp_sign_in's parameters for one sign-in (the first sign-in's user record made here). */
function signInValues(i: OtpSignIn, now: number): unknown[] {
  const g = i.guess;
  const record = i.create ? applyLogin(signupRecord(i.connection, i.identifier, now), i.connection, now) : null;
  const newUser = record && {
    ...record,
    identity_user_id: record.identities[0]!.user_id,
    identities: undefined,
  };
  return [
    i.clientId,
    i.connection,
    i.identifier,
    i.codeHash,
    i.lockKey,
    i.ipLockKey,
    now,
    g?.budget.key ?? null,
    g?.budget.windowMs ?? null,
    g?.budget.limit ?? null,
    g?.maxFailures ?? null,
    g?.lockMs ?? null,
    json(newUser),
    json(i.tokens?.refreshToken),
    json(i.tokens?.accessToken),
  ];
}

function signInOutcome(r: SignInRow, i: OtpSignIn): OtpSignInOutcome {
  switch (r.outcome) {
    case 'locked':
    case 'ip_locked':
      return { status: r.outcome, retryAfterMs: r.retry_ms! };
    case 'wrong':
      return i.guess
        ? { status: 'wrong', attemptsLeft: r.attempts_left!, lockedUntil: r.lock_until, budgetSpent: r.budget_spent! }
        : { status: 'wrong', attemptsLeft: r.attempts_left! };
    case 'ok': {
      const user =
        r.user_sub === null
          ? null
          : toUser({
              user_id: r.user_sub,
              identities: r.user_identities!,
              created_at: r.user_created_at!,
              blocked: r.user_blocked!,
            });
      return { status: 'ok', user };
    }
    default:
      return { status: r.outcome } as OtpSignInOutcome;
  }
}

const startOutcome = (row: StartRow): StartOutcome =>
  row.outcome === 'ok'
    ? { status: 'ok', hasAccount: row.has_account! }
    : { status: row.outcome, retryAfterMs: row.retry_ms };

const OWN_USER_CALLS = ['linkIdentity', 'importUsers'] as const;
/**
 * PostgresStore answers these by calling its PostgresUsers, PostgresCredentials and PostgresRecords
 * unchanged (see ./forward.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the methods are defined by forward()
export interface PostgresStore
  extends
    ForwardedUsers<PostgresUsers, (typeof OWN_USER_CALLS)[number]>,
    ForwardedCredentials<PostgresCredentials>,
    ForwardedRecords<PostgresRecords> {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class PostgresStore implements Store, CredentialStore {
  readonly db: PostgresDb;
  private readonly users: PostgresUsers;
  /** Read by the forwarded passkey methods (see forward below the class). */
  protected readonly credentials: PostgresCredentials;
  /** Read by the forwarded record and value methods (see forward below the class). */
  protected readonly records: PostgresRecords;

  constructor(url: string, options: PostgresOptions = {}) {
    this.db = new PostgresDb(url, options);
    this.users = new PostgresUsers(this.db.q, (fn) => this.db.tx(fn));
    this.credentials = new PostgresCredentials(this.db);
    this.records = new PostgresRecords(this.db);
    return reportOutages(this, isOutage);
  }

  private get q(): Q {
    return this.db.q;
  }

  private async insertChallenge(q: Q, c: NewChallenge): Promise<void> {
    await q(RECIPIENT_LOCK, [c.connection, c.identifier]);
    await q(
      `UPDATE challenges SET invalidated = true
         WHERE connection = $1 AND identifier = $2 AND NOT invalidated AND used_at IS NULL`,
      [c.connection, c.identifier],
    );
    await q(
      `INSERT INTO challenges (id, client_id, connection, identifier, code_hash, link_hash, send, auth_params,
           created_at, code_expires_at, link_expires_at, max_attempts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12)`,
      challengeValues(c),
    );
  }

  async createChallenge(c: NewChallenge): Promise<void> {
    await this.db.tx((q) => this.insertChallenge(q, c));
  }

  async invalidateChallenge(id: string): Promise<void> {
    await this.q('UPDATE challenges SET invalidated = true WHERE id = $1', [id]);
  }

  /**
   * One statement, `pwl_otp_sign_in` (migration 5): the locks, the code (its challenge locked
   * `FOR UPDATE`, used up by a guarded UPDATE), the counting of a wrong code, the user (created on a
   * first sign-in from the record made here) and the login's tokens, as the transaction it replaced
   * did them, in one round trip. Sign-ins asked for while one is in flight go together, as one
   * statement, `pwl_otp_sign_ins` (migration 6; see StatementGroups): each gets the outcome it would
   * get alone after the ones before it for the same recipient, so of 20 tries of one code exactly
   * one succeeds, and a wrong code counts on its own recipient only.
   */
  signInWithOtp(i: OtpSignIn, now: number): Promise<OtpSignInOutcome> {
    return this.signIns.add({ input: i, values: signInValues(i, now) });
  }

  private readonly signIns = new StatementGroups<SignInStep, OtpSignInOutcome>({
    together: async (steps) => {
      // In recipient order (arrival order within one recipient): groups running at once, in this
      // process or another, lock the recipients' rows in one order and cannot deadlock on them.
      const order = steps
        .map((s, at) => ({ s, at, key: `${s.input.connection}\u0000${s.input.identifier}` }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.at - b.at));
      const rows = await this.call<SignInRow>('SELECT * FROM pwl_otp_sign_ins($1::jsonb)', [
        JSON.stringify(order.map((o) => o.s.values)),
      ]);
      const outs: OtpSignInOutcome[] = [];
      order.forEach((o, k) => (outs[o.at] = signInOutcome(rows[k]!, o.s.input)));
      return outs;
    },
    alone: async (step) => {
      const [row] = await this.call<SignInRow>(
        `SELECT * FROM pwl_otp_sign_in($1, $2, $3, $4, $5, $6, $7::bigint, $8, $9::bigint, $10::bigint, $11::bigint,
           $12::bigint, $13::jsonb, $14::jsonb, $15::jsonb)`,
        step.values,
      );
      return signInOutcome(row!, step.input);
    },
    isOutage,
  });

  async findLiveLink(linkHash: string, now: number): Promise<Challenge | null> {
    const [row] = await this.q<Challenge>(
      `SELECT ${CHALLENGE_COLUMNS} FROM challenges WHERE link_hash = $1 AND NOT invalidated AND used_at IS NULL
         AND attempts < max_attempts AND link_expires_at > $2`,
      [linkHash, now],
    );
    return row && constantTimeEqual(row.link_hash ?? '', linkHash) ? row : null;
  }

  async createAuthCode(c: NewAuthCode): Promise<void> {
    await this.q(
      `INSERT INTO auth_codes (hash, challenge_id, client_id, redirect_uri, code_challenge, nonce, scope, audience,
           created_at, expires_at, login)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)`,
      [
        c.hash,
        c.challenge_id,
        c.client_id,
        c.redirect_uri,
        c.code_challenge,
        c.nonce,
        c.scope,
        c.audience,
        c.created_at,
        c.expires_at,
        json(c.login),
      ],
    );
  }

  async getAuthCode(hash: string): Promise<AuthCode | null> {
    const [row] = await this.q<AuthCode>(`SELECT ${AUTH_CODE_COLUMNS} FROM auth_codes WHERE hash = $1`, [hash]);
    return row ?? null;
  }

  redeemAuthCode(hash: string, now: number): Promise<RedeemOutcome> {
    return this.db.tx(async (q): Promise<RedeemOutcome> => {
      const [code] = await q<AuthCode>(`SELECT ${AUTH_CODE_COLUMNS} FROM auth_codes WHERE hash = $1 FOR UPDATE`, [
        hash,
      ]);
      if (!code) return { status: 'invalid' };
      if (code.used_at !== null) {
        await q('UPDATE auth_codes SET reuse_detected = true WHERE hash = $1', [hash]);
        return { status: 'reused', grant_id: code.grant_id };
      }
      if (code.expires_at <= now) return { status: 'invalid' };
      if (code.login) {
        await q('UPDATE auth_codes SET used_at = $1 WHERE hash = $2', [now, hash]);
        return { status: 'ok', code: { ...code, used_at: now }, challenge: null };
      }
      // The link dies with the first redeemed code; a code of an already dead link is refused.
      const [challenge] = await q<Challenge>(
        `UPDATE challenges SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND NOT invalidated
           AND attempts < max_attempts RETURNING ${CHALLENGE_COLUMNS}`,
        [now, code.challenge_id],
      );
      if (!challenge) return { status: 'invalid' };
      await q('UPDATE auth_codes SET used_at = $1 WHERE hash = $2', [now, hash]);
      return { status: 'ok', code: { ...code, used_at: now }, challenge };
    });
  }

  async setAuthCodeGrant(hash: string, grantId: string): Promise<boolean> {
    const [row] = await this.q<{ reuse_detected: boolean }>(
      'UPDATE auth_codes SET grant_id = $1 WHERE hash = $2 RETURNING reuse_detected',
      [grantId, hash],
    );
    return row?.reuse_detected === true;
  }

  private async insertRefreshToken(q: Q, t: NewRefreshToken): Promise<void> {
    await q(
      `INSERT INTO refresh_tokens (hash, family_id, client_id, sub, scope, audience, created_at, expires_at, login)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
      [t.hash, t.family_id, t.client_id, t.sub, t.scope, t.audience, t.created_at, t.expires_at, json(t.login)],
    );
  }

  async createRefreshToken(t: NewRefreshToken): Promise<void> {
    await this.insertRefreshToken(this.q, t);
  }

  /**
   * The usual case (an unused, unexpired token of this client, its family not revoked) is used up by
   * one guarded UPDATE; anything else is read and decided in the same transaction.
   */
  rotateRefreshToken(rotation: RefreshRotation, now: number): Promise<RotateOutcome> {
    const { hash, nextHash, clientId, nextExpiresAt, accessToken } = rotation;
    return this.db.tx(async (q): Promise<RotateOutcome> => {
      let [row] = await q<RefreshToken>(
        `UPDATE refresh_tokens SET used_at = $1 WHERE hash = $2 AND used_at IS NULL AND client_id = $3
           AND expires_at > $1 AND NOT EXISTS (SELECT 1 FROM revoked_grants WHERE grant_id = family_id)
           RETURNING ${REFRESH_COLUMNS}`,
        [now, hash, clientId],
      );
      if (!row) {
        [row] = await q<RefreshToken>(`SELECT ${REFRESH_COLUMNS} FROM refresh_tokens WHERE hash = $1`, [hash]);
        if (!row || row.client_id !== clientId) return { status: 'invalid' };
        const revoked = await q('SELECT 1 FROM revoked_grants WHERE grant_id = $1', [row.family_id]);
        if (revoked.length > 0) return { status: 'invalid' };
        if (row.used_at !== null) {
          await this.revoke(q, row.family_id, now);
          return { status: 'reused', family_id: row.family_id };
        }
        // Unused, of this client, not revoked: the guarded UPDATE refused it for its age.
        return { status: 'invalid' };
      }
      const old: RefreshToken = { ...row, used_at: null };
      await this.insertRefreshToken(q, {
        hash: nextHash,
        family_id: old.family_id,
        client_id: old.client_id,
        sub: old.sub,
        scope: old.scope,
        audience: old.audience,
        created_at: now,
        expires_at: nextExpiresAt,
        login: old.login,
      });
      const user = await this.users.getUser(old.sub, q);
      const issued = rotationAccessToken(old, user, accessToken, now);
      if (issued) await this.insertAccessToken(q, issued);
      return { status: 'ok', previous: old, user, accessToken: issued !== null };
    });
  }

  async getRefreshToken(hash: string): Promise<RefreshToken | null> {
    const [row] = await this.q<RefreshToken>(`SELECT ${REFRESH_COLUMNS} FROM refresh_tokens WHERE hash = $1`, [hash]);
    return row ?? null;
  }

  private async insertAccessToken(q: Q, t: AccessToken): Promise<void> {
    await q(
      `INSERT INTO access_tokens (hash, grant_id, client_id, sub, scope, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [t.hash, t.grant_id, t.client_id, t.sub, t.scope, t.created_at, t.expires_at],
    );
  }

  async createAccessToken(t: AccessToken): Promise<void> {
    await this.insertAccessToken(this.q, t);
  }

  async getAccessToken(hash: string, now: number): Promise<AccessToken | null> {
    const [row] = await this.q<AccessToken>(
      `SELECT ${ACCESS_COLUMNS} FROM access_tokens WHERE hash = $1 AND expires_at > $2`,
      [hash, now],
    );
    return row ?? null;
  }

  /** Records the revocation and drops the family's refresh tokens (so purging it later is safe). */
  private async revoke(q: Q, grantId: string, now: number): Promise<void> {
    await q('INSERT INTO revoked_grants (grant_id, revoked_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [grantId, now]);
    await q('DELETE FROM refresh_tokens WHERE family_id = $1', [grantId]);
  }

  async revokeGrant(grantId: string, now: number): Promise<void> {
    await this.db.tx((q) => this.revoke(q, grantId, now));
  }

  async isGrantRevoked(grantId: string): Promise<boolean> {
    return (await this.q('SELECT 1 FROM revoked_grants WHERE grant_id = $1', [grantId])).length > 0;
  }

  loginUser(connection: Connection, identifier: string, now: number, create: boolean): Promise<User | null> {
    return this.db.tx((q) => this.users.loginUser(q, connection, identifier, now, create));
  }

  deleteUser(userId: string, now: number): Promise<boolean> {
    return this.users.deleteUser(userId, now, (q, sub, at) => this.revokeSub(q, sub, at));
  }

  /** Every family of `sub` revoked and its tokens dropped, in two statements. */
  private async revokeSub(q: Q, sub: string, now: number): Promise<void> {
    await q(
      `INSERT INTO revoked_grants (grant_id, revoked_at)
         SELECT DISTINCT family_id, $2::bigint FROM refresh_tokens WHERE sub = $1 ON CONFLICT DO NOTHING`,
      [sub, now],
    );
    await q('DELETE FROM refresh_tokens WHERE sub = $1', [sub]);
  }

  async revokeUserGrants(sub: string, now: number): Promise<void> {
    await this.db.tx((q) => this.revokeSub(q, sub, now));
  }

  async lockedUntil(key: string, now: number): Promise<number | null> {
    return this.locked(this.q, key, now);
  }

  private async locked(q: Q, key: string, now: number): Promise<number | null> {
    const [row] = await q<{ locked_until: number | null }>('SELECT locked_until FROM failures WHERE key = $1', [key]);
    return row?.locked_until && row.locked_until > now ? row.locked_until : null;
  }

  /**
   * One statement: the failure that reaches `max` sets the lock and starts a fresh count (so the
   * next lock needs another `max`), and only that one sees count 0 come back.
   */
  recordFailure(key: string, now: number, max: number, lockMs: number): Promise<number | null> {
    return this.failure(this.q, key, now, max, lockMs);
  }

  private async failure(q: Q, key: string, now: number, max: number, lockMs: number): Promise<number | null> {
    const until = now + lockMs;
    const [row] = await q<{ count: number }>(
      `INSERT INTO failures AS f (key, count, locked_until)
         VALUES ($1, CASE WHEN 1 >= $2::bigint THEN 0 ELSE 1 END, CASE WHEN 1 >= $2::bigint THEN $3::bigint END)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN f.count + 1 >= $2::bigint THEN 0 ELSE f.count + 1 END,
           locked_until = CASE WHEN f.count + 1 >= $2::bigint THEN $3::bigint ELSE f.locked_until END
         RETURNING count`,
      [key, max, until],
    );
    return row!.count === 0 ? until : null;
  }

  async resetFailures(key: string): Promise<void> {
    await this.q('DELETE FROM failures WHERE key = $1', [key]);
  }

  /** One statement; a key named twice is taken back once. */
  async releaseRateLimits(keys: string[], now: number): Promise<void> {
    if (keys.length === 0) return;
    await this.q(
      'UPDATE rate_counters SET count = count - 1 WHERE key = ANY($1::text[]) AND count > 0 AND window_ends_at > $2',
      [keys, now],
    );
  }

  hitRateLimits(rules: RateRule[], now: number): Promise<RateOutcome> {
    return this.hitRules(this.q, rules, now);
  }

  /**
   * One counter row per key, counted only if every rule allows: one statement (pwl_hit_rules,
   * migration 3) that locks the counters for its own run only.
   */
  private async hitRules(q: Q, rules: RateRule[], now: number): Promise<RateOutcome> {
    if (rules.length === 0) return { allowed: true };
    const [row] = await q<{ retry: number }>(
      'SELECT pwl_hit_rules($1::text[], $2::bigint[], $3::bigint[], $4::bigint) AS retry',
      [rules.map((r) => r.key), rules.map((r) => r.windowMs), rules.map((r) => r.limit), now],
    );
    return row!.retry > 0 ? { allowed: false, retryAfterMs: row!.retry } : { allowed: true };
  }

  /**
   * Starts go to the database in groups (see StatementGroups): the starts asked for while one is in
   * flight go together as one statement, `pwl_begin_starts` (migration 6), sharing its transaction
   * and its durable commit. The starts of one client IP all count on one counter row, whose lock
   * each start otherwise held until its own commit (one WAL flush each, one start at a time). Each
   * start keeps its own outcome, as if it had run alone after the ones before it.
   */
  beginStart(input: StartInput, now: number): Promise<StartOutcome> {
    return this.starts.add({ input, now });
  }

  private readonly starts = new StatementGroups<StartStep, StartOutcome>({
    together: async (steps) => {
      const rows = await this.call<StartRow>(BEGIN_STARTS_SQL, [JSON.stringify(steps.map(startItem))]);
      return rows.map(startOutcome);
    },
    alone: (step) => this.beginStartAlone(step.input, step.now),
    isOutage,
  });

  /**
   * One start as one statement, `pwl_begin_start` (migration 5): the lock check, the account check,
   * the challenge (superseding the recipient's live ones under its advisory lock), then the rate
   * rules last. A refusal raises PW429, which rolls the whole statement back: nothing stored or
   * counted.
   */
  private async beginStartAlone(input: StartInput, now: number): Promise<StartOutcome> {
    try {
      const [row] = await this.call<StartRow>(BEGIN_START_SQL, beginStartValues({ input, now }));
      return startOutcome(row!);
    } catch (err) {
      if (err instanceof pg.DatabaseError && err.code === RATE_LIMITED) {
        return { status: 'limited', retryAfterMs: Number(err.detail) };
      }
      throw err;
    }
  }

  /**
   * One statement that is a whole step, run again (it is atomic) when the database breaks a
   * deadlock by cancelling it, as `tx` runs a transaction again.
   */
  private async call<R>(sql: string, values: unknown[]): Promise<R[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.q<R>(sql, values);
      } catch (err) {
        if (!isRetryable(err) || attempt >= 3) throw err;
      }
    }
  }

  /**
   * Deletes what ended in batches of PURGE_BATCH rows, each its own short statement (found by the
   * expiry indexes), so the purge never holds a long lock or a long transaction; several API
   * processes purging at once only share the work (SKIP LOCKED).
   */
  async purge(now: number, keepMs: number): Promise<void> {
    await this.purgeExpired(now, keepMs);
  }

  /** What purge does, answering how many rows went. */
  async purgeExpired(now: number, keepMs: number): Promise<number> {
    const before = now - keepMs;
    const tables: [table: string, key: string, where: string, at: number][] = [
      ['challenges', 'id', 'GREATEST(code_expires_at, link_expires_at) < $1', before],
      ['auth_codes', 'hash', 'expires_at < $1', before],
      ['refresh_tokens', 'hash', 'expires_at < $1', before],
      ['access_tokens', 'hash', 'expires_at < $1', now],
      ['rate_counters', 'key', 'window_ends_at < $1', before],
      ['revoked_grants', 'grant_id', 'revoked_at < $1', before],
      ['records', 'ctid', 'expires_at < $1', now],
      ['failures', 'key', 'count = 0 AND (locked_until IS NULL OR locked_until < $1)', now],
    ];
    let total = 0;
    for (const [table, key, where, at] of tables) {
      for (;;) {
        const gone = await this.q(
          `DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE ${where}
             LIMIT ${PURGE_BATCH} FOR UPDATE SKIP LOCKED) RETURNING 1`,
          [at],
        );
        total += gone.length;
        if (gone.length < PURGE_BATCH) break;
      }
    }
    return total;
  }

  /** Whether the database answers; does not wait for the migrations (see `migrating`). */
  async ping(): Promise<void> {
    await this.db.ping();
  }

  /** True while the migrations at start run (/ready answers 503 meanwhile). */
  get migrating(): boolean {
    return this.db.migrating;
  }

  /** Begins the migrations (once) and resolves when they are applied. */
  async whenMigrated(): Promise<void> {
    await this.db.ensureReady();
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

forward(PostgresStore, 'users', [...USER_CALLS, ...OWN_USER_CALLS]);
forward(PostgresStore, 'credentials', CREDENTIAL_CALLS);
forward(PostgresStore, 'records', RECORD_CALLS);
