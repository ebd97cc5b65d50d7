// The two Lua scripts behind the Redis store. Each runs as ONE atomic command: reading the block, counting,
// setting the expiry and blocking cannot interleave with another instance's check (no INCR/EXPIRE race).
// Both reply { hits, resetMs, rejected (0|1), retryAfterMs }.

/**
 * Fixed window. KEYS: counter, block. ARGV: windowMs, limit, blockMs, cost (requests this one counts as).
 * The expiry is set by the same script that creates the counter, so a counter can never live forever.
 */
export const FIXED_WINDOW_LUA = `
local limit = tonumber(ARGV[2])
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  return { limit + 1, blocked, 1, blocked }
end
local hits = redis.call('INCRBY', KEYS[1], tonumber(ARGV[4] or '1'))
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  ttl = tonumber(ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ttl)
end
if hits <= limit then
  return { hits, ttl, 0, 0 }
end
local blockMs = tonumber(ARGV[3])
if blockMs > 0 then
  redis.call('SET', KEYS[2], '1', 'PX', blockMs)
  redis.call('DEL', KEYS[1])
  return { hits, blockMs, 1, blockMs }
end
return { hits, ttl, 1, ttl }
`;

/**
 * Exact sliding window: a sorted set of the admitted requests' times (Redis TIME, in microseconds, so
 * instances' clocks never matter). A request passes only if fewer than `limit` were admitted in the
 * last `windowMs`, so no window-length interval — wherever it starts — can hold more than `limit`.
 * Rejected requests are not logged (they would otherwise lock a hammering client out for ever).
 * KEYS: log, block. ARGV: windowMs, limit, blockMs, unique member.
 * TIME before writes needs effect replication: the default since Redis 5 (and the only mode since 7).
 */
export const SLIDING_WINDOW_LUA = `
local limit = tonumber(ARGV[2])
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  return { limit + 1, blocked, 1, blocked }
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local windowUs = tonumber(ARGV[1]) * 1000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - windowUs)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
  return { count + 1, math.ceil((oldest + windowUs - now) / 1000), 0, 0 }
end
local blockMs = tonumber(ARGV[3])
if blockMs > 0 then
  redis.call('SET', KEYS[2], '1', 'PX', blockMs)
  redis.call('DEL', KEYS[1])
  return { count + 1, blockMs, 1, blockMs }
end
local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
local waitMs = math.ceil((oldest + windowUs - now) / 1000)
return { count + 1, waitMs, 1, waitMs }
`;
