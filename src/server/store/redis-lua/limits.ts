/**
 * The lockout and rate-limit scripts: count a failure, hit the rate rules, release counted events.
 * Each is one Lua script (Redis runs it without interleaving), defined as a command by ../redis.ts;
 * numberOfKeys -1 means the caller passes the key count.
 */
import { RATE } from './shared.js';

export const LIMIT_SCRIPTS = {
  // KEYS: failures hash. ARGV: max, lockMs, now. Returns lock end or -1.
  pwlFailure: {
    numberOfKeys: 1,
    lua: `
local n = redis.call('HINCRBY', KEYS[1], 'count', 1)
if n < tonumber(ARGV[1]) then return -1 end
local untilMs = tonumber(ARGV[3]) + tonumber(ARGV[2])
redis.call('HSET', KEYS[1], 'count', 0, 'locked_until', untilMs)
return untilMs`,
  },
  // KEYS: one counter per rule. ARGV: now, then (windowMs, limit) per rule. Answers the wait (0: counted).
  pwlRate: {
    numberOfKeys: -1,
    lua: `
${RATE}
local now = tonumber(ARGV[1])
local retry = check_rules(1, #KEYS, 2, now)
if retry > 0 then return retry end
count_rules(1, #KEYS, 2, now)
return 0`,
  },
  // KEYS: one counter per key. ARGV: now. Takes back one event of each open window (never below 0).
  pwlRateRelease: {
    numberOfKeys: -1,
    lua: `
local now = tonumber(ARGV[1])
for _, key in ipairs(KEYS) do
  local v = redis.call('HMGET', key, 'c', 'e')
  local c, e = tonumber(v[1]), tonumber(v[2])
  if c and e and e > now and c > 0 then redis.call('HINCRBY', key, 'c', -1) end
end
return 0`,
  },
} as const;
