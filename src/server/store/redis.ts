/**
 * Redis store (ioredis). Every decision that must be atomic (verify a code, redeem an authorization
 * code, rotate a refresh token, count a failure, hit rate limits, create a challenge) is one Lua
 * script (./redis-lua/), which Redis runs without interleaving. Records are JSON strings under
 * `<prefix>…` keys with a TTL, so Redis forgets expired rows by itself and `purge` has nothing to do.
 *
 * Hash comparisons happen inside Lua with plain string equality: the values are HMACs under a key
 * Redis never sees, so timing reveals nothing an attacker could use.
 */
import { CREDENTIAL_CALLS, forward, USER_CALLS, type ForwardedCredentials, type ForwardedUsers } from './forward.js';
import { Redis, ReplyError, type ChainableCommander } from 'ioredis';
import type { Connection } from '../../protocol/index.js';
import { RedisUsers } from './redis-users.js';
import { CHALLENGE_SCRIPTS } from './redis-lua/challenges.js';
import { LIMIT_SCRIPTS } from './redis-lua/limits.js';
import { TOKEN_SCRIPTS } from './redis-lua/tokens.js';
import { USER_CAS_LUA } from './redis-lua/users.js';
import { RedisCredentials } from './redis-credentials.js';
import type { CredentialStore } from './credentials.js';
import { applyLogin, signupRecord, toUser, userIdOf } from './user-records.js';
import {
  reportOutages,
  type AccessToken,
  type AuthCode,
  type Challenge,
  type LinkOutcome,
  type UserRecord,
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
  type VerifyOutcome,
} from './types.js';

const SCRIPTS = { ...CHALLENGE_SCRIPTS, ...TOKEN_SCRIPTS, ...LIMIT_SCRIPTS };

type Scripts = {
  [K in keyof typeof SCRIPTS]: (...args: (string | number)[]) => Promise<unknown>;
};

export interface RedisStoreOptions {
  /** Key prefix, so several deployments can share one Redis. */
  prefix?: string;
  /** How long ended records are kept before Redis expires them (default one day). */
  retentionMs?: number;
  /** A command that takes longer is an outage (default 1500 ms). */
  commandTimeoutMs?: number;
  /** Told once when Redis becomes unreachable and once when it is back. */
  onStatus?: (status: 'down' | 'up', err?: Error) => void;
}

/** ioredis's own failures (timeout, connection closed, retries exhausted), as opposed to Redis replies. */
function isClientAbort(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err.name === 'MaxRetriesPerRequestError' ||
      /^(Command timed out|Connection is closed\.|Stream isn't writeable)/.test(err.message))
  );
}

const OWN_USER_CALLS = ['loginUser', 'revokeUserGrants'] as const;
/** RedisStore answers these by calling its RedisUsers and RedisCredentials unchanged (see ./forward.ts). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the methods are defined by forward()
export interface RedisStore
  extends ForwardedUsers<RedisUsers, (typeof OWN_USER_CALLS)[number]>, ForwardedCredentials<RedisCredentials> {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class RedisStore implements Store, CredentialStore {
  private readonly redis: Redis & Scripts;
  private readonly p: string;
  private readonly keepMs: number;

  constructor(url: string, options: RedisStoreOptions = {}) {
    this.p = options.prefix ?? 'pwl:';
    this.keepMs = options.retentionMs ?? 86_400_000;
    const redis = new Redis(url, {
      lazyConnect: false,
      // Fail fast: while Redis is away a request gets 503 at once instead of waiting
      // 10-15 s for a reconnection. Commands queue only until the first connection, so a store
      // used right after construction works; after that, nothing queues and nothing is retried.
      enableOfflineQueue: true,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      commandTimeout: options.commandTimeoutMs ?? 1500,
      // Reconnect every half second at most, so service comes back within a second of Redis.
      retryStrategy: (times) => Math.min(times * 100, 500),
    });
    redis.once('ready', () => {
      redis.options.enableOfflineQueue = false;
    });
    // Without a listener ioredis prints "Unhandled error event" for every reconnection attempt.
    let down = false;
    redis.on('error', (err: Error) => {
      if (!down) options.onStatus?.('down', err);
      down = true;
    });
    redis.on('ready', () => {
      if (down) options.onStatus?.('up');
      down = false;
    });
    for (const [name, s] of Object.entries(SCRIPTS)) {
      redis.defineCommand(name, { numberOfKeys: s.numberOfKeys === -1 ? undefined : s.numberOfKeys, lua: s.lua });
    }
    redis.defineCommand('pwlUserCas', { lua: USER_CAS_LUA });
    this.redis = redis as Redis & Scripts;
    this.users = new RedisUsers(redis as Redis & Scripts & { pwlUserCas: Scripts['pwlRevoke'] }, this.p, (id, now) =>
      this.revokeGrant(id, now),
    );
    this.credentials = new RedisCredentials(redis, this.p);
    // Any failure while the connection is not ready, or a command that timed out, is an outage.
    return reportOutages(
      this,
      (err) => !(err instanceof ReplyError) && (redis.status !== 'ready' || isClientAbort(err)),
    );
  }

  private readonly users: RedisUsers;

  private readonly credentials: RedisCredentials;

  private ttl(until: number, now: number): number {
    return Math.max(1, until - now + this.keepMs);
  }

  private recipient(connection: Connection, identifier: string): string {
    return `${this.p}chr:${connection}:${identifier}`;
  }

  async createChallenge(c: NewChallenge): Promise<void> {
    const full: Challenge = { ...c, attempts: 0, used_at: null, invalidated: false };
    const until = Math.max(c.code_expires_at, c.link_expires_at ?? 0);
    await this.redis.pwlCreateChallenge(
      this.recipient(c.connection, c.identifier),
      `${this.p}ch:${c.id}`,
      c.link_hash ? `${this.p}chl:${c.link_hash}` : '',
      c.id,
      JSON.stringify(full),
      this.ttl(until, c.created_at),
      this.p,
    );
  }

  async invalidateChallenge(id: string): Promise<void> {
    await this.redis.pwlInvalidate(`${this.p}ch:${id}`);
  }

  /** One script (see pwlOtpSignIn): locks, the code, the login and the tokens. */
  async signInWithOtp(i: OtpSignIn, now: number): Promise<OtpSignInOutcome> {
    await this.users.ready();
    // The user a first sign-in makes, already logged in (the script stores it only then).
    const signup = i.create ? applyLogin(signupRecord(i.connection, i.identifier, now), i.connection, now) : null;
    const identity = signup?.identities[0];
    const rt = i.tokens?.refreshToken;
    const at = i.tokens?.accessToken;
    const r = (await this.redis.pwlOtpSignIn(
      this.recipient(i.connection, i.identifier),
      `${this.p}f:${i.lockKey}`,
      `${this.p}f:${i.ipLockKey}`,
      this.users.identityKey(i.connection, i.identifier),
      identity ? this.users.identityIdKey(identity.connection, identity.user_id) : '',
      this.users.orderKey,
      i.guess ? `${this.p}rc:${i.guess.budget.key}` : '',
      i.clientId,
      i.codeHash ?? '',
      now,
      this.p,
      i.connection,
      signup?.user_id ?? '',
      signup ? JSON.stringify(signup) : '',
      rt ? JSON.stringify({ ...rt, sub: '', used_at: null }) : '',
      rt ? this.ttl(rt.expires_at, rt.created_at) : 0,
      at ? JSON.stringify({ ...at, sub: '' }) : '',
      at ? Math.max(1, at.expires_at - at.created_at) : 0,
      i.guess?.budget.windowMs ?? '',
      i.guess?.budget.limit ?? '',
      i.guess?.maxFailures ?? '',
      i.guess?.lockMs ?? '',
    )) as string[];
    switch (r[0]) {
      case 'locked':
      case 'ip_locked':
        return { status: r[0], retryAfterMs: Number(r[1]) };
      case 'wrong':
        if (!i.guess) return this.verifyOutcome(r) as { status: 'wrong'; attemptsLeft: number };
        return {
          status: 'wrong',
          attemptsLeft: Number(r[1]),
          lockedUntil: r[2] ? Number(r[2]) : null,
          budgetSpent: r[3] === '1',
        };
      case 'ok':
        return { status: 'ok', user: r[1] ? toUser(JSON.parse(r[1]) as UserRecord) : null };
      case 'login':
        break;
      default:
        return this.verifyOutcome(r) as Exclude<VerifyOutcome, { status: 'ok' }>;
    }
    // The code is used; the script left the login to the compare-and-set (see pwlOtpSignIn).
    const seen = r[1] ? { owner: r[1], raw: r[2] || null } : { owner: null, raw: null };
    const user = await this.users.loginUser(i.connection, i.identifier, now, i.create, seen);
    if (user && !user.blocked && (rt || at)) {
      const m = this.redis.multi();
      if (at) this.queueAccessToken(m, { ...at, sub: user.sub });
      if (rt) this.queueRefreshToken(m, { ...rt, sub: user.sub, login: { ...rt.login, sub: user.sub } });
      await m.exec();
    }
    return { status: 'ok', user };
  }

  private verifyOutcome(r: string[]): VerifyOutcome {
    switch (r[0]) {
      case 'ok':
        return { status: 'ok', challenge: parseChallenge(r[1]!) };
      case 'wrong':
        return { status: 'wrong', attemptsLeft: Number(r[1]) };
      case 'exhausted':
        return { status: 'exhausted' };
      case 'expired':
        return { status: 'expired' };
      default:
        return { status: 'none' };
    }
  }

  async findLiveLink(linkHash: string, now: number): Promise<Challenge | null> {
    const id = await this.redis.get(`${this.p}chl:${linkHash}`);
    if (!id) return null;
    const raw = await this.redis.get(`${this.p}ch:${id}`);
    if (!raw) return null;
    const c = parseChallenge(raw);
    const live =
      c.link_hash === linkHash &&
      !c.invalidated &&
      c.used_at === null &&
      c.attempts < c.max_attempts &&
      (c.link_expires_at ?? 0) > now;
    return live ? c : null;
  }

  async createAuthCode(code: NewAuthCode): Promise<void> {
    const full: AuthCode = { ...code, used_at: null, grant_id: null, login: code.login ?? null };
    await this.redis.set(
      `${this.p}ac:${code.hash}`,
      JSON.stringify(full),
      'PX',
      this.ttl(code.expires_at, code.created_at),
    );
  }

  async getAuthCode(hash: string): Promise<AuthCode | null> {
    const raw = await this.redis.get(`${this.p}ac:${hash}`);
    return raw ? parseAuthCode(raw) : null;
  }

  async redeemAuthCode(hash: string, now: number): Promise<RedeemOutcome> {
    const r = (await this.redis.pwlRedeem(`${this.p}ac:${hash}`, now, this.p)) as string[];
    if (r[0] === 'ok') {
      return { status: 'ok', code: parseAuthCode(r[1]!), challenge: r[2] ? parseChallenge(r[2]) : null };
    }
    if (r[0] === 'reused') return { status: 'reused', grant_id: r[1] ?? null };
    return { status: 'invalid' };
  }

  async setAuthCodeGrant(hash: string, grantId: string): Promise<boolean> {
    return (await this.redis.pwlSetGrant(`${this.p}ac:${hash}`, grantId)) === 1;
  }

  async createRefreshToken(t: NewRefreshToken): Promise<void> {
    await this.queueRefreshToken(this.redis.multi(), t).exec();
  }

  /** The token, its family's index and the user's index of families (see RedisUsers), in `m`. */
  private queueRefreshToken(m: ChainableCommander, t: NewRefreshToken): ChainableCommander {
    const ttl = this.ttl(t.expires_at, t.created_at);
    const family = `${this.p}rtf:${t.family_id}`;
    return this.users.queueGrant(
      m
        .set(`${this.p}rt:${t.hash}`, JSON.stringify({ ...t, used_at: null, login: t.login ?? null }), 'PX', ttl)
        .sadd(family, t.hash)
        .pexpire(family, ttl),
      t.sub,
      t.family_id,
      ttl,
    );
  }

  private queueAccessToken(m: ChainableCommander, t: AccessToken): ChainableCommander {
    return m.set(`${this.p}at:${t.hash}`, JSON.stringify(t), 'PX', Math.max(1, t.expires_at - t.created_at));
  }

  async rotateRefreshToken(rotation: RefreshRotation, now: number): Promise<RotateOutcome> {
    const { hash, nextHash, clientId, nextExpiresAt, accessToken } = rotation;
    await this.users.ready();
    const r = (await this.redis.pwlRotate(
      `${this.p}rt:${hash}`,
      nextHash,
      clientId,
      nextExpiresAt,
      now,
      this.p,
      this.keepMs,
      accessToken?.hash ?? '',
      accessToken?.expires_at ?? 0,
    )) as string[];
    if (r[0] === 'ok') {
      return {
        status: 'ok',
        previous: parseRefresh(r[1]!),
        user: r[2] ? toUser(JSON.parse(r[2]) as UserRecord) : null,
        accessToken: r[3] === '1',
      };
    }
    if (r[0] === 'reused') return { status: 'reused', family_id: r[1]! };
    return { status: 'invalid' };
  }

  async getRefreshToken(hash: string): Promise<RefreshToken | null> {
    const raw = await this.redis.get(`${this.p}rt:${hash}`);
    return raw ? parseRefresh(raw) : null;
  }

  async createAccessToken(t: AccessToken): Promise<void> {
    await this.queueAccessToken(this.redis.multi(), t).exec();
  }

  async getAccessToken(hash: string, now: number): Promise<AccessToken | null> {
    const raw = await this.redis.get(`${this.p}at:${hash}`);
    const t = raw ? (JSON.parse(raw) as AccessToken) : null;
    // The app's clock decides (tests move it), not Redis's TTL alone.
    return t && t.expires_at > now ? t : null;
  }

  async revokeGrant(grantId: string, now: number): Promise<void> {
    await this.redis.pwlRevoke(`${this.p}rg:${grantId}`, `${this.p}rtf:${grantId}`, now, this.p, this.keepMs);
  }

  async isGrantRevoked(grantId: string): Promise<boolean> {
    return (await this.redis.exists(`${this.p}rg:${grantId}`)) === 1;
  }

  async deleteUser(userId: string, now: number): Promise<boolean> {
    const gone = await this.users.deleteUser(userId, now);
    // After the account: a passkey added meanwhile finds no user, or is deleted here.
    if (gone) await this.credentials.deleteAll(userId);
    return gone;
  }

  async linkIdentity(primary: string, connection: Connection, identityId: string, now: number): Promise<LinkOutcome> {
    const out = await this.users.linkIdentity(primary, connection, identityId, now);
    if (out.status === 'ok') await this.credentials.move(userIdOf({ connection, user_id: identityId }), primary);
    return out;
  }

  async lockedUntil(key: string, now: number): Promise<number | null> {
    const v = await this.redis.hget(`${this.p}f:${key}`, 'locked_until');
    return v && Number(v) > now ? Number(v) : null;
  }

  async recordFailure(key: string, now: number, max: number, lockMs: number): Promise<number | null> {
    const r = Number(await this.redis.pwlFailure(`${this.p}f:${key}`, max, lockMs, now));
    return r < 0 ? null : r;
  }

  async resetFailures(key: string): Promise<void> {
    await this.redis.del(`${this.p}f:${key}`);
  }

  async hitRateLimits(rules: RateRule[], now: number): Promise<RateOutcome> {
    const args: (string | number)[] = [rules.length, ...rules.map((r) => `${this.p}rc:${r.key}`), now];
    for (const r of rules) args.push(r.windowMs, r.limit);
    const retry = Number(await this.redis.pwlRate(...args));
    return retry > 0 ? { allowed: false, retryAfterMs: retry } : { allowed: true };
  }

  async releaseRateLimits(keys: string[], now: number): Promise<void> {
    if (keys.length === 0) return;
    await this.redis.pwlRateRelease(keys.length, ...keys.map((k) => `${this.p}rc:${k}`), now);
  }

  async beginStart(input: StartInput, now: number): Promise<StartOutcome> {
    const c = input.challenge;
    if (input.unknownUserCodeHash !== undefined) await this.users.ready();
    const full: Challenge = { ...c, attempts: 0, used_at: null, invalidated: false };
    const check = input.unknownUserCodeHash !== undefined;
    const noAccount = check ? JSON.stringify({ ...full, code_hash: input.unknownUserCodeHash, link_hash: null }) : '';
    const until = Math.max(c.code_expires_at, c.link_expires_at ?? 0);
    const { rules } = input;
    const args: (string | number)[] = [
      5 + rules.length,
      `${this.p}f:${input.lockKey}`,
      check ? this.users.identityKey(c.connection, c.identifier) : '',
      this.recipient(c.connection, c.identifier),
      `${this.p}ch:${c.id}`,
      c.link_hash ? `${this.p}chl:${c.link_hash}` : '',
      ...rules.map((r) => `${this.p}rc:${r.key}`),
      now,
      rules.length,
      c.id,
      JSON.stringify(full),
      noAccount,
      this.ttl(until, c.created_at),
      this.p,
    ];
    for (const r of rules) args.push(r.windowMs, r.limit);
    const [status, value] = (await this.redis.pwlBeginStart(...args)) as [string, number];
    if (status === 'ok') return { status: 'ok', hasAccount: value === 1 };
    return { status: status === 'locked' ? 'locked' : 'limited', retryAfterMs: Number(value) };
  }

  async putRecord(kind: string, id: string, value: string, expiresAt: number, owner: string | null = null) {
    const ttl = this.ttl(expiresAt, Date.now());
    const m = this.redis.multi().set(`${this.p}rec:${kind}:${id}`, JSON.stringify({ value, expiresAt }), 'PX', ttl);
    if (owner) {
      const set = `${this.p}reco:${kind}:${owner}`;
      // The owner's index lives as long as its longest record.
      m.sadd(set, id).pexpire(set, ttl, 'NX').pexpire(set, ttl, 'GT');
    }
    await m.exec();
  }

  async getRecord(kind: string, id: string, now: number): Promise<string | null> {
    return liveRecord(await this.redis.get(`${this.p}rec:${kind}:${id}`), now);
  }

  async takeRecord(kind: string, id: string, now: number): Promise<string | null> {
    return liveRecord(await this.redis.getdel(`${this.p}rec:${kind}:${id}`), now);
  }

  async deleteRecord(kind: string, id: string): Promise<void> {
    await this.redis.del(`${this.p}rec:${kind}:${id}`);
  }

  async deleteOwnerRecords(kind: string, owner: string): Promise<void> {
    const set = `${this.p}reco:${kind}:${owner}`;
    const ids = await this.redis.smembers(set);
    await this.redis.del(set, ...ids.map((id) => `${this.p}rec:${kind}:${id}`));
  }

  async getValue(key: string): Promise<string | null> {
    return this.redis.get(`${this.p}kv:${key}`);
  }

  async setValueIfAbsent(key: string, value: string): Promise<string> {
    await this.redis.set(`${this.p}kv:${key}`, value, 'NX');
    return (await this.redis.get(`${this.p}kv:${key}`))!;
  }

  async setValue(key: string, value: string): Promise<void> {
    await this.redis.set(`${this.p}kv:${key}`, value);
  }

  /** Nothing to do: every record carries a TTL. */
  purge(): void {}

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

forward(RedisStore, 'users', [...USER_CALLS, ...OWN_USER_CALLS]);
forward(RedisStore, 'credentials', CREDENTIAL_CALLS);

/** cjson turns empty arrays into `{}` and keeps nulls; normalise to the TypeScript shapes. */
function parseChallenge(raw: string): Challenge {
  const c = JSON.parse(raw) as Challenge;
  return {
    ...c,
    used_at: c.used_at ?? null,
    link_hash: c.link_hash ?? null,
    auth_params: c.auth_params ?? null,
    link_expires_at: c.link_expires_at ?? null,
    invalidated: c.invalidated === true,
  };
}
/** Records keep their own expiry too: the app's clock (tests move it) decides, not Redis's TTL alone. */
function liveRecord(raw: string | null, now: number): string | null {
  if (!raw) return null;
  const r = JSON.parse(raw) as { value: string; expiresAt: number };
  return r.expiresAt > now ? r.value : null;
}

function parseAuthCode(raw: string): AuthCode {
  const a = JSON.parse(raw) as AuthCode & { reuse_detected?: boolean };
  const { reuse_detected: _ignored, ...rest } = a;
  return {
    ...rest,
    used_at: a.used_at ?? null,
    grant_id: a.grant_id ?? null,
    nonce: a.nonce ?? null,
    audience: a.audience ?? null,
    login: a.login ?? null,
  };
}
function parseRefresh(raw: string): RefreshToken {
  const t = JSON.parse(raw) as RefreshToken;
  return { ...t, used_at: t.used_at ?? null, audience: t.audience ?? null, login: t.login ?? null };
}
