import { Cluster, Redis, type RedisOptions } from 'ioredis';

import { AppConfig } from '#src/config/app-config.js';

/** ioredis client for a single node or a cluster: the app only needs their common command surface. */
export type RedisClient = Redis | Cluster;

/** The connection every request's commands go through (`RedisService.client`). */
export const COMMANDS_CONNECTION = 'commands';

/**
 * Fail-fast options: once connected, a command against a dead Redis errors within REDIS_COMMAND_TIMEOUT_MS
 * instead of queueing forever, so the cache can skip the tier and go on to PostgreSQL. The commands
 * connection gets that from `RedisStallWatchdog` (one timer for the connection, not one per command: it
 * carries every request's commands); the subscriber, with its handful of commands, from ioredis'
 * `commandTimeout`.
 */
export function redisOptions(config: AppConfig, name: string): RedisOptions {
  return {
    connectionName: `prosepolish:${name}`,
    ...(name === COMMANDS_CONNECTION ? {} : { commandTimeout: config.redis.commandTimeoutMs }),
    connectTimeout: 2_000,
    ...(config.redis.username ? { username: config.redis.username } : {}),
    ...(config.redis.password ? { password: config.redis.password } : {}),
    ...(config.redis.tls ? { tls: config.redis.tls.ca ? { ca: config.redis.tls.ca } : {} } : {}),
    keepAlive: 10_000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // No auto-pipelining: `batchWritesPerTurn` sends a turn's commands in one write without its objects.
    // Reconnect forever with a capped backoff; commands meanwhile fail fast (no offline queue).
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2_000),
    reconnectOnError: (err) => err.message.startsWith('READONLY'),
  };
}

/** A cluster client (its nodes are Redis clients of their own), not a single node. */
export function isCluster(client: RedisClient): client is Cluster {
  return 'nodes' in client && typeof client.nodes === 'function';
}

export function createRedisClient(config: AppConfig, name: string): RedisClient {
  const options = redisOptions(config, name);
  if (config.redis.clusterNodes.length > 0) {
    return new Cluster(config.redis.clusterNodes, {
      redisOptions: options,
      enableOfflineQueue: false,
      scaleReads: 'master',
      // The cache bus uses sharded pub/sub on a cluster (SSUBSCRIBE: one connection to the channel's shard).
      shardedSubscribers: name === 'subscriber',
      clusterRetryStrategy: options.retryStrategy as (times: number) => number,
    });
  }
  return new Redis(config.redis.url!, options);
}

/** Resolves when the client is ready, or rejects after `timeoutMs` (start-up must not hang). */
export async function waitForReady(client: RedisClient, timeoutMs = 5_000): Promise<void> {
  if (client.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis not ready after ${timeoutMs} ms (status: ${client.status})`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      client.off('ready', onReady);
    };
    client.on('ready', onReady);
  });
}
