import { Cluster, Redis } from 'ioredis';

import { parseRedisClusterNodes } from '#src/config/redis-cluster-nodes.js';

import { sessionCacheKey, SESSIONS_CACHE } from '../sessions/sessions.cache.js';
import type { SqlClient } from './admin-bootstrap.js';

/**
 * After a role change, drops the cached liveness records of the account's sessions from Redis, so every
 * signed-in session reads the new role from PostgreSQL on its very next request (the service reads the
 * role from that record, not from the access token). The `session` namespace has no in-process copy,
 * so Redis is the only place to clear. Reads the same variables as the service: REDIS_URL or
 * REDIS_CLUSTER_NODES, REDIS_PASSWORD, REDIS_KEY_PREFIX. Returns false when there is no Redis to reach.
 */
export async function forgetCachedSessions(
  db: SqlClient,
  userId: string,
  env: Record<string, string | undefined>,
): Promise<boolean> {
  const seeds = parseRedisClusterNodes(env.REDIS_CLUSTER_NODES);
  if (!env.REDIS_URL && seeds.nodes.length === 0) return false;
  const { rows } = await db.query<{ id: string }>(
    'SELECT id::text AS id FROM sessions WHERE user_id = $1::uuid AND revoked_at IS NULL',
    [userId],
  );
  const prefix = env.REDIS_KEY_PREFIX || 'pp:';
  const keys = rows.map((r) => `${prefix}${SESSIONS_CACHE.name}:${sessionCacheKey(r.id)}`);
  const options = {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    username: seeds.username,
    password: env.REDIS_PASSWORD || seeds.password,
    ...(seeds.tls || env.REDIS_TLS === 'true' ? { tls: {} } : {}),
  };
  const redis = seeds.nodes.length
    ? new Cluster(seeds.nodes, { redisOptions: options, lazyConnect: true })
    : new Redis(env.REDIS_URL!, options);
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    // One key per command: on a cluster the keys live in different slots.
    await Promise.all(keys.map((key) => redis.del(key)));
    return true;
  } finally {
    redis.disconnect();
  }
}
