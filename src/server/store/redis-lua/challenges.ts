/**
 * The sign-in challenges' scripts: create, begin a start (lockout, rate rules, challenge), invalidate,
 * and the OTP sign-in.
 * Each is one Lua script (Redis runs it without interleaving), defined as a command by ../redis.ts;
 * numberOfKeys -1 means the caller passes the key count.
 */
import { CREATE, VERIFY, RATE } from './shared.js';

export const CHALLENGE_SCRIPTS = {
  // KEYS: recipient pointer, new challenge, link index (or ""). ARGV: id, json, ttlMs, prefix
  pwlCreateChallenge: {
    numberOfKeys: 3,
    lua: `
${CREATE}
create_challenge(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], ARGV[3], ARGV[4])
return 1`,
  },
  // KEYS: failures hash, user (or ""), recipient pointer, challenge, link index (or ""), then one
  // per rule. ARGV: now, rule count, id, json, json without an account, ttlMs, prefix, then
  // (windowMs, limit) per rule. Answers {'locked'|'limited', ms} or {'ok', 1|0 (has account)}.
  pwlBeginStart: {
    numberOfKeys: -1,
    lua: `
${CREATE}
${RATE}
local now = tonumber(ARGV[1])
local locked = tonumber(redis.call('HGET', KEYS[1], 'locked_until'))
if locked and locked > now then return {'locked', locked - now} end
local n = tonumber(ARGV[2])
local retry = check_rules(6, n, 8, now)
if retry > 0 then return {'limited', retry} end
count_rules(6, n, 8, now)
if KEYS[2] ~= '' and redis.call('EXISTS', KEYS[2]) == 0 then
  create_challenge(KEYS[3], KEYS[4], '', ARGV[3], ARGV[5], ARGV[6], ARGV[7])
  return {'ok', 0}
end
create_challenge(KEYS[3], KEYS[4], KEYS[5], ARGV[3], ARGV[4], ARGV[6], ARGV[7])
return {'ok', 1}`,
  },
  // KEYS: challenge. Marks it invalidated.
  pwlInvalidate: {
    numberOfKeys: 1,
    lua: `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local c = cjson.decode(raw)
c.invalidated = true
redis.call('SET', KEYS[1], cjson.encode(c), 'KEEPTTL')
return 1`,
  },
  // The OTP grant's whole store step. KEYS: recipient pointer, the requester's failures hash on the
  // identifier, client IP's failures hash, identity index, the new user's identity-id index, the
  // users' order, the identifier's guess budget counter ('' without a guess rule). ARGV: clientId,
  // codeHash ('' when malformed), now, prefix, connection, the new user's id and account JSON
  // (already logged in; '' when sign-ups are off), refresh token JSON and TTL, access token JSON
  // and TTL ('' and 0: none; their `sub` is filled in here), then the guess rule: budget window
  // and limit, max failures and lock ms ('' without one). Answers {'locked'|'ip_locked', ms},
  // verify's failures ({'wrong', attempts left, lock end or '', '1' when the budget is spent}
  // with a guess rule), {'ok', account JSON after the login or '' (no user)}, or {'login',
  // owner, account} when the account is not in the layout the login is applied to here: the code
  // is used up, the caller logs in by compare-and-set and stores the tokens.
  pwlOtpSignIn: {
    numberOfKeys: 7,
    lua: `
${VERIFY}
local now = tonumber(ARGV[3])
local p = ARGV[4]
local locked = tonumber(redis.call('HGET', KEYS[2], 'locked_until'))
if locked and locked > now then return {'locked', tostring(locked - now)} end
local ipLocked = tonumber(redis.call('HGET', KEYS[3], 'locked_until'))
if ipLocked and ipLocked > now then return {'ip_locked', tostring(ipLocked - now)} end
if ARGV[2] == '' then return {'none'} end
local r = verify(KEYS[1], ARGV[1], ARGV[2], now, p)
if r[1] == 'wrong' and ARGV[12] ~= '' then
  -- One event on the budget (as count_rules) unless it is spent, then one failure (as pwlFailure).
  local max, lockMs, spent = tonumber(ARGV[14]), tonumber(ARGV[15]), '0'
  local v = redis.call('HMGET', KEYS[7], 'c', 'e')
  local c, e = tonumber(v[1]), tonumber(v[2])
  if c and e and e > now and c >= tonumber(ARGV[13]) then
    max, lockMs, spent = 1, e - now, '1'
  elseif e and e > now then
    redis.call('HINCRBY', KEYS[7], 'c', 1)
  else
    local window = tonumber(ARGV[12])
    redis.call('HSET', KEYS[7], 'c', 1, 'e', string.format('%d', now + window))
    redis.call('PEXPIRE', KEYS[7], window)
  end
  local n = redis.call('HINCRBY', KEYS[2], 'count', 1)
  local untilMs = ''
  if n >= max then
    untilMs = string.format('%d', now + lockMs)
    redis.call('HSET', KEYS[2], 'count', 0, 'locked_until', untilMs)
  end
  return {'wrong', r[2], untilMs, spent}
end
if r[1] ~= 'ok' then return r end
redis.call('DEL', KEYS[2])
local owner = redis.call('GET', KEYS[4])
local account
if owner then
  local key = p .. 'acct:' .. owner
  local raw = redis.call('GET', key)
  if not raw then return {'login', owner, ''} end
  -- A user is written by JSON.stringify (redis-users.ts): its fixed members first, then
  -- user_metadata and app_metadata. Only the fixed head is decoded and re-encoded, so metadata
  -- keeps its exact JSON (cjson would turn [] into {}). A quote inside a JSON string is escaped,
  -- so the first ',"user_metadata":' is the top-level member.
  local cut = string.find(raw, ',"user_metadata":', 1, true)
  if not cut then return {'login', owner, raw} end
  local decoded, head = pcall(cjson.decode, string.sub(raw, 1, cut - 1) .. '}')
  if not decoded or type(head) ~= 'table' or type(head.logins_count) ~= 'number' or head.blocked == nil
    or head.last_login == nil or head.updated_at == nil or head.email_verified == nil
    or head.phone_verified == nil or type(head.identities) ~= 'table' then
    return {'login', owner, raw}
  end
  if head.blocked == true then return {'ok', raw} end
  -- user-records.ts applyLogin
  head.logins_count = head.logins_count + 1
  head.last_login = now
  head.updated_at = now
  if ARGV[5] == 'email' then head.email_verified = true else head.phone_verified = true end
  account = string.sub(cjson.encode(head), 1, -2) .. string.sub(raw, cut)
  redis.call('SET', key, account)
else
  if ARGV[6] == '' then return {'ok', ''} end
  owner = ARGV[6]
  if redis.call('EXISTS', p .. 'acct:' .. owner) == 1 then return {'login', '', ''} end
  account = ARGV[7]
  redis.call('SET', p .. 'acct:' .. owner, account)
  redis.call('SET', KEYS[4], owner)
  redis.call('SET', KEYS[5], owner)
  redis.call('ZADD', KEYS[6], now, owner)
end
if ARGV[8] ~= '' then
  local t = cjson.decode(ARGV[8])
  t.sub = owner
  t.login.sub = owner
  local ttl = ARGV[9]
  redis.call('SET', p .. 'rt:' .. t.hash, cjson.encode(t), 'PX', ttl)
  local family = p .. 'rtf:' .. t.family_id
  redis.call('SADD', family, t.hash)
  redis.call('PEXPIRE', family, ttl)
  -- The user's families (redis-users.ts queueGrant).
  local grants = p .. 'rts:' .. owner
  redis.call('SADD', grants, t.family_id)
  redis.call('PEXPIRE', grants, ttl, 'NX')
  redis.call('PEXPIRE', grants, ttl, 'GT')
end
if ARGV[10] ~= '' then
  local a = cjson.decode(ARGV[10])
  a.sub = owner
  redis.call('SET', p .. 'at:' .. a.hash, cjson.encode(a), 'PX', ARGV[11])
end
return {'ok', account}`,
  },
} as const;
