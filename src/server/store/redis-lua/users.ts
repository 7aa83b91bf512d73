/**
 * The compare-and-set every user change of ../redis-users.ts commits by. KEYS: one per operation.
 * ARGV: per operation three values (op, a, b).
 * ops: `eq` (the key holds a; '' = absent), `set` (a), `del`, `zadd` (score a, member b), `zrem` (member a).
 * All `eq` guards are checked before anything is written. Returns 1, or 0 when a guard failed.
 */
export const USER_CAS_LUA = `
for i, key in ipairs(KEYS) do
  local op = ARGV[3 * i - 2]
  if op == 'eq' then
    local v = redis.call('GET', key)
    local want = ARGV[3 * i - 1]
    if want == '' then
      if v then return 0 end
    elseif v ~= want then
      return 0
    end
  end
end
for i, key in ipairs(KEYS) do
  local op = ARGV[3 * i - 2]
  if op == 'set' then redis.call('SET', key, ARGV[3 * i - 1])
  elseif op == 'del' then redis.call('DEL', key)
  elseif op == 'zadd' then redis.call('ZADD', key, ARGV[3 * i - 1], ARGV[3 * i])
  elseif op == 'zrem' then redis.call('ZREM', key, ARGV[3 * i - 1])
  end
end
return 1`;
