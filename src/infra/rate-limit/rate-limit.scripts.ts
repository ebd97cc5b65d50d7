// The Lua script behind the Redis store. It runs as ONE atomic command: reading a block, counting, setting
// the expiry and blocking cannot interleave with another instance's check (no INCR/EXPIRE race). One call
// checks every rule a request counts against (a route's policies for one client), so a request costs one
// script run however many policies apply.
//
// KEYS: per rule, its counter (fixed) or log (sliding) and its block key, in that order.
// ARGV: per rule, 'f' (fixed) or 's' (sliding), windowMs, limit, blockMs, and the cost (fixed: requests
// this one counts as) or a unique member (sliding).
// Reply: per rule, { hits, resetMs, rejected (0|1), retryAfterMs }, flattened in rule order.
// TIME before writes needs effect replication: the default since Redis 5 (and the only mode since 7).
export const RATE_LIMIT_LUA = `
-- Fixed window. The expiry is set by the same script that creates the counter, so a counter can never
-- live forever.
local function fixed(counter, block, windowMs, limit, blockMs, cost)
  local hits = redis.call('INCRBY', counter, cost)
  local ttl = redis.call('PTTL', counter)
  if ttl < 0 then
    ttl = windowMs
    redis.call('PEXPIRE', counter, ttl)
  end
  if hits <= limit then
    return { hits, ttl, 0, 0 }
  end
  if blockMs > 0 then
    redis.call('SET', block, '1', 'PX', blockMs)
    redis.call('DEL', counter)
    return { hits, blockMs, 1, blockMs }
  end
  return { hits, ttl, 1, ttl }
end

-- Exact sliding window: a sorted set of the admitted requests' times (Redis TIME, in microseconds, so
-- instances' clocks never matter). A request passes only if fewer than limit were admitted in the last
-- windowMs, so no window-length interval, wherever it starts, can hold more than limit. Rejected
-- requests are not logged (they would otherwise lock a hammering client out for ever).
local function sliding(log, block, windowMs, limit, blockMs, member)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
  local windowUs = windowMs * 1000
  redis.call('ZREMRANGEBYSCORE', log, '-inf', now - windowUs)
  local count = redis.call('ZCARD', log)
  if count < limit then
    redis.call('ZADD', log, now, member)
    redis.call('PEXPIRE', log, windowMs)
    local oldest = tonumber(redis.call('ZRANGE', log, 0, 0, 'WITHSCORES')[2])
    return { count + 1, math.ceil((oldest + windowUs - now) / 1000), 0, 0 }
  end
  if blockMs > 0 then
    redis.call('SET', block, '1', 'PX', blockMs)
    redis.call('DEL', log)
    return { count + 1, blockMs, 1, blockMs }
  end
  local oldest = tonumber(redis.call('ZRANGE', log, 0, 0, 'WITHSCORES')[2])
  local waitMs = math.ceil((oldest + windowUs - now) / 1000)
  return { count + 1, waitMs, 1, waitMs }
end

local reply = {}
for i = 1, #KEYS / 2 do
  local key, block, a = KEYS[2 * i - 1], KEYS[2 * i], 5 * (i - 1)
  local limit = tonumber(ARGV[a + 3])
  local outcome
  local blocked = redis.call('PTTL', block)
  if blocked > 0 then
    outcome = { limit + 1, blocked, 1, blocked }
  elseif ARGV[a + 1] == 's' then
    outcome = sliding(key, block, tonumber(ARGV[a + 2]), limit, tonumber(ARGV[a + 4]), ARGV[a + 5])
  else
    outcome = fixed(key, block, tonumber(ARGV[a + 2]), limit, tonumber(ARGV[a + 4]), tonumber(ARGV[a + 5]))
  end
  for _, v in ipairs(outcome) do reply[#reply + 1] = v end
end
return reply
`;
