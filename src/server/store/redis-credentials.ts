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

const SCRIPTS = {
  // KEYS: account, credential, user's set. ARGV: json, created_at, id.
  pwlPasskeyAdd: {
    numberOfKeys: 3,
    lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'no_user' end
if redis.call('EXISTS', KEYS[2]) == 1 then return 'exists' end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
return 'ok'`,
  },
  // KEYS: credential. ARGV: the JSON read, the JSON to write. 1 when written.
  pwlPasskeyCas: {
    numberOfKeys: 1,
    lua: `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1`,
  },
  // KEYS: credential, user's set. ARGV: user_id, id. 1 when deleted.
  pwlPasskeyDelete: {
    numberOfKeys: 2,
    lua: `
local raw = redis.call('GET', KEYS[1])
if not raw or cjson.decode(raw).user_id ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
return 1`,
  },
  // KEYS: from user's set, to user's set. ARGV: prefix, to user_id. Moves every credential.
  pwlPasskeyMove: {
    numberOfKeys: 2,
    lua: `
local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
for i = 1, #entries, 2 do
  local key = ARGV[1] .. 'pk:' .. entries[i]
  local raw = redis.call('GET', key)
  if raw then
    local c = cjson.decode(raw)
    c.user_id = ARGV[2]
    redis.call('SET', key, cjson.encode(c))
    redis.call('ZADD', KEYS[2], entries[i + 1], entries[i])
  end
end
redis.call('DEL', KEYS[1])
return 1`,
  },
  // KEYS: user's set. ARGV: prefix. Deletes every credential of the user.
  pwlPasskeyDeleteAll: {
    numberOfKeys: 1,
    lua: `
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do redis.call('DEL', ARGV[1] .. 'pk:' .. id) end
redis.call('DEL', KEYS[1])
return 1`,
  },
};

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
