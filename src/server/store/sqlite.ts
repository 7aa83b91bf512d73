/**
 * SQLite store (better-sqlite3, WAL). better-sqlite3 is synchronous and every decision runs inside
 * one `db.transaction`, so a check and its update can never interleave with another request's; the
 * UPDATEs also carry their guards (`used_at IS NULL`, `attempts < max_attempts`) so they stay
 * correct even with several processes on one file (IMMEDIATE transactions take the write lock first).
 * The file, its schema and its WAL checkpointer are in sqlite-db.ts; records and values in
 * sqlite-records.ts.
 */
import { CREDENTIAL_CALLS, forward, RECORD_CALLS, USER_CALLS } from './forward.js';
import type { ForwardedCredentials, ForwardedRecords, ForwardedUsers } from './forward.js';
import { otpLocks, tokensFor, type FailureRow } from './otp-sign-in.js';
import { rotationAccessToken } from './rotation.js';
import { challengeValues } from './sql-rows.js';
import Database from 'better-sqlite3';
import type { Connection } from '../../protocol/index.js';
import { constantTimeEqual } from '../secrets.js';
import { checkpointOnceWritten, isOutage, openStoreDb } from './sqlite-db.js';
import { SqliteRecords } from './sqlite-records.js';
import { SqliteUsers } from './sqlite-users.js';
import { SqliteCredentials } from './sqlite-credentials.js';
import { userIdOf } from './user-records.js';
import type { CredentialStore } from './credentials.js';
import type {
  AccessToken,
  AuthCode,
  Challenge,
  LinkOutcome,
  LoginInfo,
  NewAuthCode,
  NewChallenge,
  NewRefreshToken,
  OtpSignIn,
  OtpSignInOutcome,
  RateOutcome,
  RateRule,
  RedeemOutcome,
  RefreshToken,
  RotateOutcome,
  RefreshRotation,
  StartInput,
  StartOutcome,
  Store,
  VerifyOutcome,
} from './types.js';
import { reportOutages } from './types.js';

/** A start waiting for its group's transaction (see SqliteStore.beginStart). */
interface PendingStart {
  input: StartInput;
  now: number;
  resolve: (outcome: StartOutcome) => void;
  reject: (err: unknown) => void;
}

/** Compared against when a recipient has no live code (the length of a real hash). */
const NO_CODE_HASH = 'x'.repeat(43);

const parseLogin = (raw: unknown): LoginInfo | null =>
  typeof raw === 'string' ? (JSON.parse(raw) as LoginInfo) : null;

type RefreshRow = Omit<RefreshToken, 'login'> & { login: string | null };

interface ChallengeRow extends Omit<Challenge, 'auth_params' | 'invalidated' | 'connection' | 'send'> {
  connection: string;
  send: string;
  auth_params: string | null;
  invalidated: number;
  seq: number;
}

function toChallenge(r: ChallengeRow): Challenge {
  return {
    id: r.id,
    client_id: r.client_id,
    connection: r.connection as Connection,
    identifier: r.identifier,
    code_hash: r.code_hash,
    link_hash: r.link_hash,
    send: r.send as Challenge['send'],
    auth_params: r.auth_params ? JSON.parse(r.auth_params) : null,
    created_at: r.created_at,
    code_expires_at: r.code_expires_at,
    link_expires_at: r.link_expires_at,
    attempts: r.attempts,
    max_attempts: r.max_attempts,
    used_at: r.used_at,
    invalidated: r.invalidated === 1,
  };
}

const OWN_USER_CALLS = ['loginUser', 'importUsers'] as const;
/**
 * SqliteStore answers these by calling its SqliteUsers, SqliteCredentials and SqliteRecords
 * unchanged (see ./forward.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the methods are defined by forward()
export interface SqliteStore
  extends
    ForwardedUsers<SqliteUsers, (typeof OWN_USER_CALLS)[number]>,
    ForwardedCredentials<SqliteCredentials>,
    ForwardedRecords<SqliteRecords> {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class SqliteStore implements Store, CredentialStore {
  readonly db: Database.Database;

  /** `path` ':memory:' gives a private in-memory database (tests). */
  constructor(path: string) {
    this.db = openStoreDb(path);
    this.users = new SqliteUsers(
      this.db,
      (sql) => this.stmt(sql),
      (fn) => this.tx(fn),
    );
    this.credentials = new SqliteCredentials(
      this.db,
      (sql) => this.stmt(sql),
      (fn) => this.tx(fn),
    );
    this.records = new SqliteRecords(
      (sql) => this.stmt(sql),
      (fn) => this.tx(fn),
    );
    if (path !== ':memory:') this.stopCheckpoints = checkpointOnceWritten(this.db, path);
    // A full disk, an I/O error or a lock held past the busy timeout: 503 while it lasts (a write
    // that failed is rolled back whole, and the next one succeeds once space or the lock returns).
    return reportOutages(this, isOutage);
  }

  /** Stops the WAL checkpointer (and its wait for the first write); none for ':memory:'. */
  private stopCheckpoints: (() => void) | undefined;

  private readonly users: SqliteUsers;

  private readonly credentials: SqliteCredentials;

  /** Read only by the methods forward() defines (RECORD_CALLS), hence not private. */
  protected readonly records: SqliteRecords;

  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared once per SQL text: compiling a statement costs more than running it. */
  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /**
   * BEGIN IMMEDIATE takes the write lock up front, so a read-then-update inside can never be
   * interleaved by another connection. (db.transaction() would re-prepare BEGIN/COMMIT per call.)
   */
  private tx<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    this.stmt('BEGIN IMMEDIATE').run();
    try {
      const result = fn();
      this.stmt('COMMIT').run();
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.stmt('ROLLBACK').run();
      throw err;
    }
  }

  createChallenge(c: NewChallenge): void {
    this.tx(() => {
      this.stmt(
        `UPDATE challenges SET invalidated = 1
           WHERE connection = ? AND identifier = ? AND invalidated = 0 AND used_at IS NULL`,
      ).run(c.connection, c.identifier);
      this.stmt(
        `INSERT INTO challenges (id, client_id, connection, identifier, code_hash, link_hash, send,
             auth_params, created_at, code_expires_at, link_expires_at, max_attempts, seq)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
               (SELECT IFNULL(MAX(seq), 0) + 1 FROM challenges WHERE connection = ? AND identifier = ?))`,
      ).run(...challengeValues(c), c.connection, c.identifier);
    });
  }

  invalidateChallenge(id: string): void {
    this.stmt('UPDATE challenges SET invalidated = 1 WHERE id = ?').run(id);
  }

  /**
   * The OTP grant's store step in one transaction of as few statements as the logic allows: both
   * locks in one read (which also says whether there is a failure count to reset), the code's
   * check and use, the login, the tokens.
   */
  signInWithOtp(i: OtpSignIn, now: number): OtpSignInOutcome {
    return this.tx(() => {
      const failures = this.stmt('SELECT key, locked_until FROM failures WHERE key IN (?, ?)').all(
        i.lockKey,
        i.ipLockKey,
      ) as FailureRow[];
      const { refusal, counted } = otpLocks(failures, i, now);
      if (refusal) return refusal;
      if (i.codeHash === null) return { status: 'none' };
      const used = this.useCode(i.clientId, i.connection, i.identifier, i.codeHash, now);
      if (used.status === 'wrong' && i.guess) {
        const g = i.guess;
        const budget = this.hitRules([g.budget], now);
        const lockedUntil = budget.allowed
          ? this.recordFailure(i.lockKey, now, g.maxFailures, g.lockMs)
          : this.recordFailure(i.lockKey, now, 1, budget.retryAfterMs);
        return { ...used, lockedUntil, budgetSpent: !budget.allowed };
      }
      if (used.status !== 'ok') return used;
      if (counted) this.resetFailures(i.lockKey);
      const user = this.users.loginUser(i.connection, i.identifier, now, i.create);
      const { refreshToken, accessToken } = tokensFor(i.tokens, user);
      if (refreshToken) this.createRefreshToken(refreshToken);
      if (accessToken) this.createAccessToken(accessToken);
      return { status: 'ok', user };
    });
  }

  /**
   * Checks a code against the recipient's newest live challenge and uses it up when it is right
   * (answering the challenge's id), or counts a wrong try. Reads only the columns it decides by.
   */
  private useCode(
    clientId: string,
    connection: Connection,
    identifier: string,
    codeHash: string,
    now: number,
  ): { status: 'ok'; id: string } | Exclude<VerifyOutcome, { status: 'ok' }> {
    const row = this.stmt(
      `SELECT id, client_id, code_hash, code_expires_at, attempts, max_attempts FROM challenges
         WHERE connection = ? AND identifier = ? AND invalidated = 0 AND used_at IS NULL
         ORDER BY seq DESC LIMIT 1`,
    ).get(connection, identifier) as
      | Pick<ChallengeRow, 'id' | 'client_id' | 'code_hash' | 'code_expires_at' | 'attempts' | 'max_attempts'>
      | undefined;
    if (!row || row.client_id !== clientId) {
      // The same constant-time compare as for a live code, so "no code" costs what "wrong" costs.
      constantTimeEqual(codeHash, NO_CODE_HASH);
      return { status: 'none' };
    }
    if (row.code_expires_at <= now) return { status: 'expired' };
    if (row.attempts >= row.max_attempts) return { status: 'exhausted' };
    if (constantTimeEqual(row.code_hash, codeHash)) {
      const used = this.stmt(
        `UPDATE challenges SET used_at = ? WHERE id = ? AND used_at IS NULL AND invalidated = 0
           AND attempts < max_attempts`,
      ).run(now, row.id);
      return used.changes === 1 ? { status: 'ok', id: row.id } : { status: 'none' };
    }
    const after = this.stmt(
      `UPDATE challenges SET attempts = attempts + 1 WHERE id = ? AND attempts < max_attempts
         RETURNING attempts, max_attempts`,
    ).get(row.id) as { attempts: number; max_attempts: number } | undefined;
    if (!after) return { status: 'exhausted' };
    return { status: 'wrong', attemptsLeft: after.max_attempts - after.attempts };
  }

  findLiveLink(linkHash: string, now: number): Challenge | null {
    const row = this.stmt(
      `SELECT * FROM challenges WHERE link_hash = ? AND invalidated = 0 AND used_at IS NULL
         AND attempts < max_attempts AND link_expires_at > ?`,
    ).get(linkHash, now) as ChallengeRow | undefined;
    return row && constantTimeEqual(row.link_hash ?? '', linkHash) ? toChallenge(row) : null;
  }

  createAuthCode(code: NewAuthCode): void {
    this.stmt(
      `INSERT INTO auth_codes (hash, challenge_id, client_id, redirect_uri, code_challenge, nonce,
           scope, audience, created_at, expires_at, login)
         VALUES (@hash, @challenge_id, @client_id, @redirect_uri, @code_challenge, @nonce, @scope,
           @audience, @created_at, @expires_at, @login)`,
    ).run({ ...code, login: code.login ? JSON.stringify(code.login) : null });
  }

  getAuthCode(hash: string): AuthCode | null {
    const row = this.stmt(
      `SELECT hash, challenge_id, client_id, redirect_uri, code_challenge, nonce, scope, audience,
           created_at, expires_at, used_at, grant_id, login FROM auth_codes WHERE hash = ?`,
    ).get(hash) as (Omit<AuthCode, 'login'> & { login: string | null }) | undefined;
    return row ? { ...row, login: parseLogin(row.login) } : null;
  }

  redeemAuthCode(hash: string, now: number): RedeemOutcome {
    return this.tx(() => {
      const code = this.getAuthCode(hash);
      if (!code) return { status: 'invalid' };
      if (code.used_at !== null) {
        this.stmt('UPDATE auth_codes SET reuse_detected = 1 WHERE hash = ?').run(hash);
        return { status: 'reused', grant_id: code.grant_id };
      }
      if (code.expires_at <= now) return { status: 'invalid' };
      if (code.login) {
        this.stmt('UPDATE auth_codes SET used_at = ? WHERE hash = ?').run(now, hash);
        return { status: 'ok', code: { ...code, used_at: now }, challenge: null };
      }
      // The link dies with the first redeemed code; a code of an already dead link is refused.
      const challenge = this.stmt(
        `UPDATE challenges SET used_at = ? WHERE id = ? AND used_at IS NULL AND invalidated = 0
           AND attempts < max_attempts RETURNING *`,
      ).get(now, code.challenge_id) as ChallengeRow | undefined;
      if (!challenge) return { status: 'invalid' };
      this.stmt('UPDATE auth_codes SET used_at = ? WHERE hash = ?').run(now, hash);
      return { status: 'ok', code: { ...code, used_at: now }, challenge: toChallenge(challenge) };
    });
  }

  setAuthCodeGrant(hash: string, grantId: string): boolean {
    const row = this.stmt('UPDATE auth_codes SET grant_id = ? WHERE hash = ? RETURNING reuse_detected').get(
      grantId,
      hash,
    ) as { reuse_detected: number } | undefined;
    return row?.reuse_detected === 1;
  }

  createRefreshToken(t: NewRefreshToken): void {
    this.stmt(
      `INSERT INTO refresh_tokens (hash, family_id, client_id, sub, scope, audience, created_at, expires_at, login)
         VALUES (@hash, @family_id, @client_id, @sub, @scope, @audience, @created_at, @expires_at, @login)`,
    ).run({ ...t, login: t.login ? JSON.stringify(t.login) : null });
  }

  /**
   * One transaction: the usual case (an unused, unexpired token of this client, its family not
   * revoked) is used up by one guarded UPDATE; anything else is read and decided as before.
   */
  rotateRefreshToken(rotation: RefreshRotation, now: number): RotateOutcome {
    const { hash, nextHash, clientId, nextExpiresAt, accessToken } = rotation;
    return this.tx(() => {
      let row = this.stmt(
        `UPDATE refresh_tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL AND client_id = ?
           AND expires_at > ? AND NOT EXISTS (SELECT 1 FROM revoked_grants WHERE grant_id = family_id)
           RETURNING *`,
      ).get(now, hash, clientId, now) as RefreshRow | undefined;
      if (!row) {
        row = this.stmt('SELECT * FROM refresh_tokens WHERE hash = ?').get(hash) as RefreshRow | undefined;
        if (!row || row.client_id !== clientId) return { status: 'invalid' };
        if (this.isGrantRevoked(row.family_id)) return { status: 'invalid' };
        if (row.used_at !== null) {
          this.revokeGrant(row.family_id, now);
          return { status: 'reused', family_id: row.family_id };
        }
        // Unused, of this client, not revoked: the guarded UPDATE refused it for its age.
        return { status: 'invalid' };
      }
      const old: RefreshToken = { ...row, used_at: null, login: parseLogin(row.login) };
      this.createRefreshToken({
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
      const user = this.users.getUser(old.sub);
      const issued = rotationAccessToken(old, user, accessToken, now);
      if (issued) this.createAccessToken(issued);
      return { status: 'ok', previous: old, user, accessToken: issued !== null };
    });
  }

  getRefreshToken(hash: string): RefreshToken | null {
    const row = this.stmt('SELECT * FROM refresh_tokens WHERE hash = ?').get(hash) as RefreshRow | undefined;
    return row ? { ...row, login: parseLogin(row.login) } : null;
  }

  createAccessToken(t: AccessToken): void {
    this.stmt(
      `INSERT INTO access_tokens (hash, grant_id, client_id, sub, scope, created_at, expires_at)
         VALUES (@hash, @grant_id, @client_id, @sub, @scope, @created_at, @expires_at)`,
    ).run(t);
  }

  getAccessToken(hash: string, now: number): AccessToken | null {
    const row = this.stmt(
      `SELECT hash, grant_id, client_id, sub, scope, created_at, expires_at FROM access_tokens
         WHERE hash = ? AND expires_at > ?`,
    ).get(hash, now) as AccessToken | undefined;
    return row ?? null;
  }

  revokeGrant(grantId: string, now: number): void {
    this.tx(() => {
      this.stmt('INSERT OR IGNORE INTO revoked_grants (grant_id, revoked_at) VALUES (?, ?)').run(grantId, now);
      // The family's refresh tokens go too, so forgetting the revocation later (purge) is safe.
      this.stmt('DELETE FROM refresh_tokens WHERE family_id = ?').run(grantId);
    });
  }

  isGrantRevoked(grantId: string): boolean {
    return this.stmt('SELECT 1 FROM revoked_grants WHERE grant_id = ?').get(grantId) !== undefined;
  }

  deleteUser(userId: string, now: number): boolean {
    return this.users.deleteUser(userId, now, (sub, at) => {
      this.revokeUserGrants(sub, at);
      this.credentials.deleteAll(sub);
    });
  }

  linkIdentity(primary: string, connection: Connection, identityId: string, now: number): LinkOutcome {
    return this.tx(() => {
      const out = this.users.linkIdentity(primary, connection, identityId, now);
      if (out.status === 'ok') this.credentials.move(userIdOf({ connection, user_id: identityId }), primary);
      return out;
    });
  }

  revokeUserGrants(sub: string, now: number): void {
    this.tx(() => {
      const families = this.stmt('SELECT DISTINCT family_id FROM refresh_tokens WHERE sub = ?').all(sub) as {
        family_id: string;
      }[];
      for (const f of families) this.revokeGrant(f.family_id, now);
    });
  }

  lockedUntil(key: string, now: number): number | null {
    const row = this.stmt('SELECT locked_until FROM failures WHERE key = ?').get(key) as
      { locked_until: number | null } | undefined;
    return row?.locked_until && row.locked_until > now ? row.locked_until : null;
  }

  recordFailure(key: string, now: number, max: number, lockMs: number): number | null {
    return this.tx(() => {
      const row = this.stmt(
        `INSERT INTO failures (key, count) VALUES (?, 1)
           ON CONFLICT (key) DO UPDATE SET count = count + 1 RETURNING count`,
      ).get(key) as { count: number };
      if (row.count < max) return null;
      const until = now + lockMs;
      // The lock starts a fresh count, so the next lock needs another `max` failures.
      this.stmt('UPDATE failures SET count = 0, locked_until = ? WHERE key = ?').run(until, key);
      return until;
    });
  }

  resetFailures(key: string): void {
    this.stmt('DELETE FROM failures WHERE key = ?').run(key);
  }

  hitRateLimits(rules: RateRule[], now: number): RateOutcome {
    return this.tx(() => this.hitRules(rules, now));
  }

  releaseRateLimits(keys: string[], now: number): void {
    const release = this.stmt(
      'UPDATE rate_counters SET count = count - 1 WHERE key = ? AND count > 0 AND window_ends_at > ?',
    );
    this.tx(() => {
      for (const key of keys) release.run(key, now);
    });
  }

  /** One counter row per key: read them all, and only if every rule allows, count in place. */
  private hitRules(rules: RateRule[], now: number): RateOutcome {
    const read = this.stmt('SELECT count, window_ends_at FROM rate_counters WHERE key = ?');
    let retryAfterMs = 0;
    for (const r of rules) {
      const row = read.get(r.key) as { count: number; window_ends_at: number } | undefined;
      if (row && row.window_ends_at > now && row.count >= r.limit) {
        retryAfterMs = Math.max(retryAfterMs, row.window_ends_at - now);
      }
    }
    if (retryAfterMs > 0) return { allowed: false, retryAfterMs };
    const hit = this.stmt(
      `INSERT INTO rate_counters (key, count, window_ends_at) VALUES (?, 1, ?)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN window_ends_at > ? THEN count + 1 ELSE 1 END,
           window_ends_at = CASE WHEN window_ends_at > ? THEN window_ends_at ELSE excluded.window_ends_at END`,
    );
    for (const r of rules) hit.run(r.key, now + r.windowMs, now, now);
    return { allowed: true };
  }

  /**
   * Starts commit in groups: the starts asked for in one turn of the event loop run one after the
   * other, in order, in one BEGIN IMMEDIATE transaction, and share its commit. Under load each
   * commit is a third of a start's store time, and the pages every start writes (the client IP's
   * counter, the last pages of the challenges table and its indexes) go to the WAL once per group
   * instead of once per start. Should anything in a group fail, the group is rolled back and each
   * of its starts runs again in a transaction of its own, so each gets its own outcome or error.
   */
  beginStart(input: StartInput, now: number): Promise<StartOutcome> {
    return new Promise((resolve, reject) => {
      if (this.startGroup.push({ input, now, resolve, reject }) === 1) setImmediate(() => this.commitStarts());
    });
  }

  private startGroup: PendingStart[] = [];

  private commitStarts(): void {
    const group = this.startGroup;
    this.startGroup = [];
    let outcomes: StartOutcome[] | null = null;
    if (group.length > 1) {
      try {
        outcomes = this.tx(() => group.map((p) => this.beginStartNow(p.input, p.now)));
      } catch {
        // Each start on its own below: the one at fault fails alone.
      }
    }
    group.forEach((p, i) => {
      if (outcomes) return p.resolve(outcomes[i]!);
      try {
        p.resolve(this.tx(() => this.beginStartNow(p.input, p.now)));
      } catch (err) {
        p.reject(err);
      }
    });
  }

  private beginStartNow(input: StartInput, now: number): StartOutcome {
    const locked = this.lockedUntil(input.lockKey, now);
    if (locked) return { status: 'locked', retryAfterMs: locked - now };
    const limited = this.hitRules(input.rules, now);
    if (!limited.allowed) return { status: 'limited', retryAfterMs: limited.retryAfterMs };
    const c = input.challenge;
    const hasAccount = input.unknownUserCodeHash === undefined || this.users.hasIdentity(c.connection, c.identifier);
    this.createChallenge(hasAccount ? c : { ...c, code_hash: input.unknownUserCodeHash!, link_hash: null });
    return { status: 'ok', hasAccount };
  }

  purge(now: number, keepMs: number): void {
    const before = now - keepMs;
    this.tx(() => {
      this.stmt(
        'DELETE FROM challenges WHERE code_expires_at < ? AND (link_expires_at IS NULL OR link_expires_at < ?)',
      ).run(before, before);
      this.stmt('DELETE FROM auth_codes WHERE expires_at < ?').run(before);
      this.stmt('DELETE FROM refresh_tokens WHERE expires_at < ?').run(before);
      this.stmt('DELETE FROM access_tokens WHERE expires_at < ?').run(now);
      this.stmt('DELETE FROM rate_counters WHERE window_ends_at < ?').run(before);
      this.stmt('DELETE FROM revoked_grants WHERE revoked_at < ?').run(before);
      this.stmt('DELETE FROM records WHERE expires_at < ?').run(now);
      this.stmt('DELETE FROM failures WHERE count = 0 AND (locked_until IS NULL OR locked_until < ?)').run(now);
    });
  }

  ping(): void {
    this.stmt('SELECT 1').get();
  }

  close(): void {
    this.stopCheckpoints?.();
    if (this.db.open) this.db.close();
  }
}

forward(SqliteStore, 'users', [...USER_CALLS, ...OWN_USER_CALLS]);
forward(SqliteStore, 'credentials', CREDENTIAL_CALLS);
forward(SqliteStore, 'records', RECORD_CALLS);
