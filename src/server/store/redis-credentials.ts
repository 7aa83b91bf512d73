/**
 * Passkeys in Redis: one JSON string per credential under `pk:<id>` and, per user, the sorted set
 * `pku:<user_id>` of its ids by creation. Each change is one Lua script (or a compare-and-set on
 * the credential's JSON, retried when another request came first), so a counter value is accepted
 * once only.
 */
import type { Redis } from 'ioredis';
import {
  counterRegressed,
  type AddCredentialOutcome,
  type CredentialStore,
  type PasskeyCredential,
  type UseCredentialOutcome,
} from './credentials.js';
import { PASSKEY_SCRIPTS } from './redis-lua/passkeys.js';

const SCRIPTS = PASSKEY_SCRIPTS;

type Commands = { [K in keyof typeof SCRIPTS]: (...args: (string | number)[]) => Promise<unknown> };

/** cjson writes an empty array as `{}`: back to the TypeScript shape. */
function parse(raw: string): PasskeyCredential {
  const c = JSON.parse(raw) as PasskeyCredential;
  return { ...c, transports: Array.isArray(c.transports) ? c.transports : [], last_used_at: c.last_used_at ?? null };
}

const MAX_TRIES = 20;

export class RedisCredentials implements CredentialStore {
  private readonly redis: Redis & Commands;

  constructor(
    redis: Redis,
    private readonly p: string,
  ) {
    for (const [name, s] of Object.entries(SCRIPTS)) redis.defineCommand(name, s);
    this.redis = redis as Redis & Commands;
  }

  private pk = (id: string) => `${this.p}pk:${id}`;
  private pku = (userId: string) => `${this.p}pku:${userId}`;

  async addCredential(c: PasskeyCredential): Promise<AddCredentialOutcome> {
    return (await this.redis.pwlPasskeyAdd(
      `${this.p}acct:${c.user_id}`,
      this.pk(c.id),
      this.pku(c.user_id),
      JSON.stringify(c),
      c.created_at,
      c.id,
    )) as AddCredentialOutcome;
  }

  async getCredential(id: string): Promise<PasskeyCredential | null> {
    const raw = await this.redis.get(this.pk(id));
    return raw ? parse(raw) : null;
  }

  async listCredentials(userId: string): Promise<PasskeyCredential[]> {
    const ids = await this.redis.zrange(this.pku(userId), '0', '-1');
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.pk(id)));
    return raws.filter((r): r is string => r !== null).map(parse);
  }

  async useCredential(id: string, counter: number, backedUp: boolean, now: number): Promise<UseCredentialOutcome> {
    for (let i = 0; i < MAX_TRIES; i++) {
      const raw = await this.redis.get(this.pk(id));
      if (!raw) return { status: 'unknown' };
      const c = parse(raw);
      if (counterRegressed(c.counter, counter)) return { status: 'counter', stored: c.counter };
      const next: PasskeyCredential = { ...c, counter, backed_up: backedUp, last_used_at: now };
      if ((await this.redis.pwlPasskeyCas(this.pk(id), raw, JSON.stringify(next))) === 1) {
        return { status: 'ok', credential: next };
      }
    }
    throw new Error('credential store: too much contention on one passkey');
  }

  async deleteCredential(userId: string, id: string): Promise<boolean> {
    return (await this.redis.pwlPasskeyDelete(this.pk(id), this.pku(userId), userId, id)) === 1;
  }

  async deleteAll(userId: string): Promise<void> {
    await this.redis.pwlPasskeyDeleteAll(this.pku(userId), this.p);
  }

  async move(fromUserId: string, toUserId: string): Promise<void> {
    await this.redis.pwlPasskeyMove(this.pku(fromUserId), this.pku(toUserId), this.p, toUserId);
  }
}
