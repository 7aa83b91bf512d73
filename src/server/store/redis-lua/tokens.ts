/**
 * The token scripts: redeem an authorization code, record its grant, rotate a refresh token, revoke a
 * grant.
 * Each is one Lua script (Redis runs it without interleaving), defined as a command by ../redis.ts;
 * numberOfKeys -1 means the caller passes the key count.
 */
import { isNull, LIVE } from './shared.js';

export const TOKEN_SCRIPTS = {
  // KEYS: auth code. ARGV: now, prefix
  pwlRedeem: {
    numberOfKeys: 1,
    lua: `
${LIVE}
local raw = redis.call('GET', KEYS[1])
if not raw then return {'invalid'} end
local a = cjson.decode(raw)
local now = tonumber(ARGV[1])
if not ${isNull('a.used_at')} then
  a.reuse_detected = true
  redis.call('SET', KEYS[1], cjson.encode(a), 'KEEPTTL')
  if ${isNull('a.grant_id')} then return {'reused'} end
  return {'reused', a.grant_id}
end
if a.expires_at <= now then return {'invalid'} end
if not ${isNull('a.login')} then
  a.used_at = now
  local aout = cjson.encode(a)
  redis.call('SET', KEYS[1], aout, 'KEEPTTL')
  return {'ok', aout}
end
local ckey = ARGV[2] .. 'ch:' .. a.challenge_id
local craw = redis.call('GET', ckey)
if not craw then return {'invalid'} end
local c = cjson.decode(craw)
if not live(c) then return {'invalid'} end
c.used_at = now
a.used_at = now
local cout = cjson.encode(c)
local aout = cjson.encode(a)
redis.call('SET', ckey, cout, 'KEEPTTL')
redis.call('SET', KEYS[1], aout, 'KEEPTTL')
return {'ok', aout, cout}`,
  },
  // KEYS: auth code. ARGV: grantId. Returns 1 when a reuse was seen.
  pwlSetGrant: {
    numberOfKeys: 1,
    lua: `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local a = cjson.decode(raw)
a.grant_id = ARGV[1]
redis.call('SET', KEYS[1], cjson.encode(a), 'KEEPTTL')
if a.reuse_detected == true then return 1 end
return 0`,
  },
  // KEYS: old token. ARGV: nextHash, clientId, nextExpiresAt, now, prefix, revokedTtlMs, access
  // token hash ('': none), its expiry. Answers {'ok', old token, account JSON or '', '1' when the
  // access token was stored}, {'reused', family} or {'invalid'}.
  pwlRotate: {
    numberOfKeys: 1,
    lua: `
local raw = redis.call('GET', KEYS[1])
if not raw then return {'invalid'} end
local t = cjson.decode(raw)
local p = ARGV[5]
local now = tonumber(ARGV[4])
if t.client_id ~= ARGV[2] then return {'invalid'} end
if redis.call('EXISTS', p .. 'rg:' .. t.family_id) == 1 then return {'invalid'} end
if not ${isNull('t.used_at')} then
  redis.call('SET', p .. 'rg:' .. t.family_id, tostring(now), 'PX', ARGV[6])
  for _, h in ipairs(redis.call('SMEMBERS', p .. 'rtf:' .. t.family_id)) do redis.call('DEL', p .. 'rt:' .. h) end
  redis.call('DEL', p .. 'rtf:' .. t.family_id)
  return {'reused', t.family_id}
end
if t.expires_at <= now then return {'invalid'} end
t.used_at = now
redis.call('SET', KEYS[1], cjson.encode(t), 'KEEPTTL')
local n = { hash = ARGV[1], family_id = t.family_id, client_id = t.client_id, sub = t.sub, scope = t.scope,
  audience = t.audience, created_at = now, expires_at = tonumber(ARGV[3]), used_at = cjson.null,
  login = t.login }
local ttl = tonumber(ARGV[3]) - now
if ttl < 1 then ttl = 1 end
redis.call('SET', p .. 'rt:' .. ARGV[1], cjson.encode(n), 'PX', ttl)
redis.call('SADD', p .. 'rtf:' .. t.family_id, ARGV[1])
redis.call('PEXPIRE', p .. 'rtf:' .. t.family_id, ttl)
local account = redis.call('GET', p .. 'acct:' .. t.sub)
local stored = '0'
-- The user is only read here (never re-encoded: cjson would change its metadata).
if ARGV[7] ~= '' and account and ${isNull('t.audience')} and cjson.decode(account).blocked ~= true then
  local expires = tonumber(ARGV[8])
  local a = { hash = ARGV[7], grant_id = t.family_id, client_id = t.client_id, sub = t.sub, scope = t.scope,
    created_at = now, expires_at = expires }
  local attl = expires - now
  if attl < 1 then attl = 1 end
  redis.call('SET', p .. 'at:' .. ARGV[7], cjson.encode(a), 'PX', attl)
  stored = '1'
end
return {'ok', raw, account or '', stored}`,
  },
  // KEYS: revoked marker, family set. ARGV: now, prefix, ttlMs
  pwlRevoke: {
    numberOfKeys: 2,
    lua: `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
for _, h in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('DEL', ARGV[2] .. 'rt:' .. h) end
redis.call('DEL', KEYS[2])
return 1`,
  },
} as const;
