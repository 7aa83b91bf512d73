/** The passkey scripts of ../redis-credentials.ts: add, compare-and-set, delete, move, delete all. */
export const PASSKEY_SCRIPTS = {
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
