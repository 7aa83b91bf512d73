/**
 * Users in Redis. A user is one JSON string under `acct:<user_id>`; `idn:<connection>:<identifier>`
 * and `idu:<connection>:<identity id>` point at the owner; the sorted set `users` orders them by
 * creation. The rules live in TypeScript (./user-records.ts, shared with SQLite); each change is
 * committed by one Lua compare-and-set that checks every value it read is unchanged (or absent)
 * before it writes, and is retried when another writer came first. Lua never decodes a user, so
 * metadata round-trips exactly (cjson would turn `[]` into `{}`).
 *
 * Users made by earlier versions (`u:<connection>:<identifier>` with `us:<sub>`) are migrated on
 * first use, keeping every `sub`.
 */
import type { ChainableCommander, Redis } from 'ioredis';
import type { Connection } from '../../protocol/index.js';
import {
  applyLogin,
  applyPatch,
  linkedRecord,
  newRecord,
  signupRecord,
  toUser,
  unlinkedRecord,
  userIdOf,
} from './user-records.js';
import type { CreateUserOutcome, LinkOutcome, NewUser, UnlinkOutcome, User, UserPatch, UserRecord } from './types.js';

type Op =
  | ['eq', string, string | null]
  | ['set', string, string]
  | ['del', string]
  | ['zadd', string, number, string]
  | ['zrem', string, string];

type CasRedis = Redis & { pwlUserCas(...args: (string | number)[]): Promise<unknown> };

const MAX_TRIES = 20;

/** What a script read of an identity: its owner (null: none) and the owner's account JSON. */
export interface Seen {
  owner: string | null;
  raw: string | null;
}

class Conflict extends Error {}

export class RedisUsers {
  private migrated: Promise<void> | null = null;

  constructor(
    private readonly redis: CasRedis,
    private readonly p: string,
    private readonly revokeGrant: (grantId: string, now: number) => Promise<void>,
  ) {}

  private acct = (userId: string) => `${this.p}acct:${userId}`;
  private idn = (connection: Connection, identifier: string) => `${this.p}idn:${connection}:${identifier}`;
  private idu = (connection: Connection, identityId: string) => `${this.p}idu:${connection}:${identityId}`;
  private get order() {
    return `${this.p}users`;
  }
  private rts = (sub: string) => `${this.p}rts:${sub}`;

  private async cas(ops: Op[]): Promise<boolean> {
    const keys: string[] = [];
    const args: (string | number)[] = [];
    for (const op of ops) {
      keys.push(op[1]);
      if (op[0] === 'eq') args.push('eq', op[2] ?? '', '');
      else if (op[0] === 'set') args.push('set', op[2], '');
      else if (op[0] === 'del') args.push('del', '', '');
      else if (op[0] === 'zadd') args.push('zadd', op[2], op[3]);
      else args.push('zrem', op[2], '');
    }
    return (await this.redis.pwlUserCas(keys.length, ...keys, ...args)) === 1;
  }

  /** Runs `attempt` until its compare-and-set goes through (another writer came first: read again). */
  private async retry<T>(attempt: () => Promise<T>): Promise<T> {
    await this.migrate();
    for (let i = 0; i < MAX_TRIES; i++) {
      try {
        return await attempt();
      } catch (err) {
        if (!(err instanceof Conflict)) throw err;
      }
    }
    throw new Error('user store: too much contention on one user');
  }

  private async commit(ops: Op[]): Promise<void> {
    if (!(await this.cas(ops))) throw new Conflict();
  }

  /** The raw JSON and the parsed record, so a write can check nothing changed in between. */
  private async load(userId: string): Promise<{ raw: string; record: UserRecord } | null> {
    const raw = await this.redis.get(this.acct(userId));
    return raw ? { raw, record: JSON.parse(raw) as UserRecord } : null;
  }

  private insertOps(r: UserRecord): Op[] {
    const i = r.identities[0]!;
    return [
      ['eq', this.idn(i.connection, i.identifier), null],
      ['eq', this.acct(r.user_id), null],
      ['set', this.acct(r.user_id), JSON.stringify(r)],
      ['set', this.idn(i.connection, i.identifier), r.user_id],
      ['set', this.idu(i.connection, i.user_id), r.user_id],
      ['zadd', this.order, r.created_at, r.user_id],
    ];
  }

  /** The index of an identity's id (`user_id` without the connection), for Lua scripts. */
  identityIdKey(connection: Connection, identityId: string): string {
    return this.idu(connection, identityId);
  }

  /** The users' creation order (a sorted set), for Lua scripts. */
  get orderKey(): string {
    return this.order;
  }

  /** The key whose existence says some user signs in by this identifier (for Lua scripts). */
  identityKey(connection: Connection, identifier: string): string {
    return this.idn(connection, identifier);
  }

  /** Resolves once users of earlier versions are migrated (first call only does work). */
  ready(): Promise<void> {
    return this.migrate();
  }

  private migrate(): Promise<void> {
    this.migrated ??= this.migrateLegacy();
    return this.migrated;
  }

  private async migrateLegacy(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.p}u:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const raw = await this.redis.get(key);
        if (!raw) continue;
        const old = JSON.parse(raw) as { sub: string; connection: Connection; identifier: string; created_at: number };
        const bar = old.sub.indexOf('|');
        const record: UserRecord = {
          ...signupRecord(old.connection, old.identifier, old.created_at),
          user_id: old.sub,
          email_verified: old.connection === 'email',
          phone_verified: old.connection === 'sms',
        };
        record.identities = [
          { connection: old.connection, identifier: old.identifier, user_id: old.sub.slice(bar + 1) },
        ];
        await this.cas(this.insertOps(record));
        await this.redis.del(key, `${this.p}us:${old.sub}`);
      }
    } while (cursor !== '0');
  }

  private async findOrCreate(
    connection: Connection,
    identifier: string,
    now: number,
    create: boolean,
    seen?: Seen,
  ): Promise<{ raw: string | null; record: UserRecord } | null> {
    const owner = seen ? seen.owner : await this.redis.get(this.idn(connection, identifier));
    if (owner) {
      const found = seen
        ? seen.raw === null
          ? null
          : { raw: seen.raw, record: JSON.parse(seen.raw) as UserRecord }
        : await this.load(owner);
      // The owner moved between the two reads (a link or unlink): read again.
      if (!found || !found.record.identities.some((i) => i.connection === connection && i.identifier === identifier)) {
        throw new Conflict();
      }
      return found;
    }
    if (!create) return null;
    const record = signupRecord(connection, identifier, now);
    await this.commit(this.insertOps(record));
    return { raw: JSON.stringify(record), record };
  }

  /**
   * `seen`: the identity's owner and account as a script just read them (saves two reads); the
   * compare-and-set checks they are unchanged, and a retry reads afresh.
   */
  async loginUser(
    connection: Connection,
    identifier: string,
    now: number,
    create: boolean,
    seen?: Seen,
  ): Promise<User | null> {
    let first = seen;
    return this.retry(async () => {
      const prefetched = first;
      first = undefined;
      const found = await this.findOrCreate(connection, identifier, now, create, prefetched);
      if (!found) return null;
      if (found.record.blocked) return toUser(found.record);
      const after = applyLogin(found.record, connection, now);
      const raw = found.raw ?? JSON.stringify(found.record);
      await this.commit([
        ['eq', this.acct(after.user_id), raw],
        ['set', this.acct(after.user_id), JSON.stringify(after)],
      ]);
      return toUser(after);
    });
  }

  async getUser(sub: string): Promise<User | null> {
    await this.migrate();
    const found = await this.load(sub);
    return found ? toUser(found.record) : null;
  }

  async createUser(u: NewUser): Promise<CreateUserOutcome> {
    return this.retry(async () => {
      if (await this.redis.exists(this.idn(u.connection, u.identifier))) return { status: 'exists' } as const;
      const record = newRecord(u);
      await this.commit(this.insertOps(record));
      return { status: 'ok', user: record } as const;
    });
  }

  async getUserRecord(userId: string): Promise<UserRecord | null> {
    await this.migrate();
    return (await this.load(userId))?.record ?? null;
  }

  async findUserRecord(connection: Connection, identifier: string): Promise<UserRecord | null> {
    return (await this.retry(() => this.findOrCreate(connection, identifier, 0, false)))?.record ?? null;
  }

  async listUsers(offset: number, limit: number): Promise<{ users: UserRecord[]; total: number }> {
    await this.migrate();
    const [ids, total] = await Promise.all([
      this.redis.zrange(this.order, String(offset), String(offset + limit - 1)),
      this.redis.zcard(this.order),
    ]);
    const raws = ids.length ? await this.redis.mget(...ids.map((id) => this.acct(id))) : [];
    const users = raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as UserRecord);
    return { users, total };
  }

  async updateUser(userId: string, patch: UserPatch, now: number): Promise<UserRecord | null> {
    return this.retry(async () => {
      const found = await this.load(userId);
      if (!found) return null;
      const after = applyPatch(found.record, patch, now);
      await this.commit([
        ['eq', this.acct(userId), found.raw],
        ['set', this.acct(userId), JSON.stringify(after)],
      ]);
      return after;
    });
  }

  async deleteUser(userId: string, now: number): Promise<boolean> {
    const gone = await this.retry(async () => {
      const found = await this.load(userId);
      if (!found) return false;
      const ops: Op[] = [
        ['eq', this.acct(userId), found.raw],
        ['del', this.acct(userId)],
      ];
      for (const i of found.record.identities) {
        ops.push(['del', this.idn(i.connection, i.identifier)], ['del', this.idu(i.connection, i.user_id)]);
      }
      ops.push(['zrem', this.order, userId]);
      await this.commit(ops);
      return true;
    });
    if (gone) await this.revokeUserGrants(userId, now);
    return gone;
  }

  async linkIdentity(primaryId: string, connection: Connection, identityId: string, now: number): Promise<LinkOutcome> {
    return this.retry(async () => {
      const primary = await this.load(primaryId);
      if (!primary) return { status: 'no_primary' } as const;
      const owner = await this.redis.get(this.idu(connection, identityId));
      if (!owner) return { status: 'no_identity' } as const;
      const secondaryId = userIdOf({ connection, user_id: identityId });
      if (owner !== secondaryId || secondaryId === primaryId) return { status: 'linked_elsewhere' } as const;
      if (primary.record.identities.some((i) => i.connection === connection)) {
        return { status: 'same_connection' } as const;
      }
      const secondary = await this.load(secondaryId);
      if (!secondary) throw new Conflict();
      if (secondary.record.identities.length > 1) return { status: 'secondary_has_links' } as const;
      const after = linkedRecord(primary.record, secondary.record, now);
      const identity = secondary.record.identities[0]!;
      await this.commit([
        ['eq', this.acct(primaryId), primary.raw],
        ['eq', this.acct(secondaryId), secondary.raw],
        ['set', this.acct(primaryId), JSON.stringify(after)],
        ['del', this.acct(secondaryId)],
        ['zrem', this.order, secondaryId],
        ['set', this.idn(identity.connection, identity.identifier), primaryId],
        ['set', this.idu(identity.connection, identity.user_id), primaryId],
      ]);
      return { status: 'ok', user: after } as const;
    });
  }

  async unlinkIdentity(
    primaryId: string,
    connection: Connection,
    identityId: string,
    now: number,
  ): Promise<UnlinkOutcome> {
    return this.retry(async () => {
      const primary = await this.load(primaryId);
      if (!primary) return { status: 'no_primary' } as const;
      const ids = primary.record.identities;
      const index = ids.findIndex((i) => i.connection === connection && i.user_id === identityId);
      if (index < 0) return { status: 'not_linked' } as const;
      if (index === 0) return { status: 'main_identity' } as const;
      const identity = ids[index]!;
      const unlinked = unlinkedRecord(primary.record, identity, now);
      const after: UserRecord = { ...primary.record, identities: ids.filter((_, i) => i !== index), updated_at: now };
      await this.commit([
        ['eq', this.acct(primaryId), primary.raw],
        ['eq', this.acct(unlinked.user_id), null],
        ['set', this.acct(primaryId), JSON.stringify(after)],
        ['set', this.acct(unlinked.user_id), JSON.stringify(unlinked)],
        ['zadd', this.order, unlinked.created_at, unlinked.user_id],
        ['set', this.idn(identity.connection, identity.identifier), unlinked.user_id],
        ['set', this.idu(identity.connection, identity.user_id), unlinked.user_id],
      ]);
      return { status: 'ok', user: after, unlinked } as const;
    });
  }

  /**
   * Remembers (in `m`) which refresh-token families belong to `sub`, so they can all be revoked;
   * the index lives as long as its longest family.
   */
  queueGrant(m: ChainableCommander, sub: string, familyId: string, ttlMs: number): ChainableCommander {
    const key = this.rts(sub);
    return m.sadd(key, familyId).pexpire(key, ttlMs, 'NX').pexpire(key, ttlMs, 'GT');
  }

  async revokeUserGrants(sub: string, now: number): Promise<void> {
    const key = this.rts(sub);
    const families = await this.redis.smembers(key);
    for (const f of families) await this.revokeGrant(f, now);
    await this.redis.del(key);
  }
}
