import { randomBytes } from 'node:crypto';

import { Cluster, Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Set by the `redis-cluster` Vitest project (scripts/ensure-redis-cluster.sh starts the cluster): every app
 * a test starts then uses the cluster, and these helpers reach every master of it.
 */
export const TEST_REDIS_CLUSTER_NODES = process.env.TEST_REDIS_CLUSTER_NODES;
export const TEST_REDIS_PASSWORD = process.env.TEST_REDIS_PASSWORD;

function clusterNodes(): { host: string; port: number }[] {
  return TEST_REDIS_CLUSTER_NODES!.split(',').map((hp) => {
    const [host, port] = hp.trim().split(':');
    return { host: host!, port: Number(port) };
  });
}

/** A key prefix of this test file's own, so files never see each other's keys in the shared Redis. */
export function uniqueKeyPrefix(): string {
  return `t${randomBytes(4).toString('hex')}:`;
}

/** Removes every key under `prefix` (SCAN + UNLINK on every master, like the app's own flush). */
export async function deleteKeysWithPrefix(prefix: string, url = TEST_REDIS_URL): Promise<number> {
  const redis = rawRedis(url);
  let removed = 0;
  try {
    const client = redis as Redis | Cluster;
    if (client instanceof Cluster && client.status !== 'ready')
      await new Promise((r) => client.once('ready', r));
    const masters = client instanceof Cluster ? client.nodes('master') : [client];
    for (const node of masters) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        cursor = next;
        // One key at a time: keys of one SCAN page may sit in different slots.
        for (const key of keys) removed += await node.unlink(key);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
  return removed;
}

/** Every key matching `match` (SCAN, on every master of a cluster), sorted. */
export async function scanKeys(redis: Redis, match: string): Promise<string[]> {
  const client = redis as Redis | Cluster;
  if (client instanceof Cluster && client.status !== 'ready')
    await new Promise((r) => client.once('ready', r));
  const found: string[] = [];
  for (const node of client instanceof Cluster ? client.nodes('master') : [client]) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
  }
  return found.sort();
}

/** Subscribers of a channel: PUBSUB NUMSUB, or on a cluster (sharded pub/sub) SHARDNUMSUB on every master. */
export async function channelSubscribers(redis: Redis, channel: string): Promise<number> {
  const client = redis as Redis | Cluster;
  if (!(client instanceof Cluster)) {
    const [, n] = (await client.call('PUBSUB', 'NUMSUB', channel)) as [string, number];
    return Number(n);
  }
  if (client.status !== 'ready') await new Promise((r) => client.once('ready', r));
  const counts = await Promise.all(
    client.nodes('master').map(async (node) => {
      const [, n] = (await node.call('PUBSUB', 'SHARDNUMSUB', channel)) as [string, number];
      return Number(n);
    }),
  );
  return Math.max(...counts);
}

/**
 * A client of the tests' Redis. On the cluster, a `Cluster` whose `keys` asks every master (a plain KEYS
 * would see one shard), typed as `Redis`: the suites use the commands both share.
 */
export function rawRedis(url = TEST_REDIS_URL): Redis {
  if (!TEST_REDIS_CLUSTER_NODES || url !== TEST_REDIS_URL) return new Redis(url);
  const cluster = new Cluster(clusterNodes(), { redisOptions: { password: TEST_REDIS_PASSWORD } });
  const keys = async (pattern: string): Promise<string[]> => {
    if (cluster.status !== 'ready') await new Promise((resolve) => cluster.once('ready', resolve));
    return (await Promise.all(cluster.nodes('master').map((n) => n.keys(pattern)))).flat();
  };
  return Object.assign(cluster, { keys }) as unknown as Redis;
}
