/**
 * Lua shared by the Redis store's scripts (./challenges.ts, ./tokens.ts, ./limits.ts): each is a
 * set of local functions that a script includes before its own body.
 */

export const NULL = 'cjson.null';
export const isNull = (expr: string) => `(${expr} == nil or ${expr} == ${NULL})`;

/** Lua: a challenge is live (not used, not invalidated, attempts left). */
export const LIVE = `local function live(c) return c and c.invalidated ~= true and ${isNull('c.used_at')} and c.attempts < c.max_attempts end`;

/** Lua: stores a challenge as the recipient's only live one (the older one is invalidated). */
export const CREATE = `
local function create_challenge(pointer, key, link, id, json, ttl, prefix)
  local old = redis.call('GET', pointer)
  if old then
    local raw = redis.call('GET', prefix .. 'ch:' .. old)
    if raw then
      local c = cjson.decode(raw)
      if ${isNull('c.used_at')} then
        c.invalidated = true
        redis.call('SET', prefix .. 'ch:' .. old, cjson.encode(c), 'KEEPTTL')
      end
    end
  end
  redis.call('SET', key, json, 'PX', ttl)
  redis.call('SET', pointer, id, 'PX', ttl)
  if link ~= '' then redis.call('SET', link, id, 'PX', ttl) end
end`;

/** Lua: checks a code against the recipient's newest challenge and counts a wrong try. */
export const VERIFY = `
local function verify(pointer, client_id, code_hash, now, prefix)
  local id = redis.call('GET', pointer)
  if not id then return {'none'} end
  local key = prefix .. 'ch:' .. id
  local raw = redis.call('GET', key)
  if not raw then return {'none'} end
  local c = cjson.decode(raw)
  if c.invalidated == true or not ${isNull('c.used_at')} or c.client_id ~= client_id then
    return {'none'}
  end
  if c.code_expires_at <= now then return {'expired'} end
  if c.attempts >= c.max_attempts then return {'exhausted'} end
  if c.code_hash == code_hash then
    c.used_at = now
    local out = cjson.encode(c)
    redis.call('SET', key, out, 'KEEPTTL')
    return {'ok', out}
  end
  c.attempts = c.attempts + 1
  redis.call('SET', key, cjson.encode(c), 'KEEPTTL')
  return {'wrong', tostring(c.max_attempts - c.attempts)}
end`;

/**
 * Lua: rate counters, one hash per key (c: count, e: window end), for the rules whose keys are
 * KEYS[first..first+n-1] with (windowMs, limit) pairs in ARGV from \`arg\`. check_rules answers the
 * wait in ms (0: every rule allows); count_rules counts one event in each.
 */
export const RATE = `
local function check_rules(first, n, arg, now)
  local retry = 0
  for i = 0, n - 1 do
    local v = redis.call('HMGET', KEYS[first + i], 'c', 'e')
    local c, e = tonumber(v[1]), tonumber(v[2])
    if c and e and e > now and c >= tonumber(ARGV[arg + 2 * i + 1]) and e - now > retry then retry = e - now end
  end
  return retry
end
local function count_rules(first, n, arg, now)
  for i = 0, n - 1 do
    local key = KEYS[first + i]
    local window = tonumber(ARGV[arg + 2 * i])
    local e = tonumber(redis.call('HGET', key, 'e'))
    if e and e > now then
      redis.call('HINCRBY', key, 'c', 1)
    else
      redis.call('HSET', key, 'c', 1, 'e', string.format('%d', now + window))
      redis.call('PEXPIRE', key, window)
    end
  end
end`;
