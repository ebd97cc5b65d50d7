/**
 * Reserve-or-adjust a user's daily token counter in ONE atomic step (no GET/INCRBY race between instances),
 * and give it an absolute expiry at the end of the UTC day in the same script so it can never outlive it.
 * KEYS: counter. ARGV: amount, budget, check (1 = refuse when the counter would pass the budget),
 * expireAtSeconds. Reply: { admitted (0|1), tokensUsedAfter }.
 */
export const TOKEN_BUDGET_LUA = `
local amount = tonumber(ARGV[1])
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if ARGV[3] == '1' and amount > 0 and used + amount > tonumber(ARGV[2]) then
  return { 0, used }
end
local after = redis.call('INCRBY', KEYS[1], amount)
if after < 0 then
  redis.call('SET', KEYS[1], 0)
  after = 0
end
redis.call('EXPIREAT', KEYS[1], ARGV[4])
return { 1, after }
`;
