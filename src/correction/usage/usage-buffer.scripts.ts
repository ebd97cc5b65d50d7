/**
 * Removes the first ARGV[2] items of the buffer — the ones just written to PostgreSQL — but only while this
 * flusher still holds the lock (fencing: a flusher whose lock expired must not trim what another one read).
 * KEYS: buffer, lock. ARGV: lock token, count. Reply: 1 trimmed, 0 not the owner.
 */
export const TRIM_IF_OWNER_LUA = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('LTRIM', KEYS[1], tonumber(ARGV[2]), -1)
return 1
`;

/** Releases the flush lock if it is still ours. KEYS: lock. ARGV: token. */
export const RELEASE_LOCK_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
