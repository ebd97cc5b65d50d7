/** One seed node of a Redis Cluster, and what its entry in REDIS_CLUSTER_NODES said about credentials. */
export interface RedisClusterSeeds {
  nodes: { host: string; port: number }[];
  /** From `redis://user:password@host:port` entries (REDIS_PASSWORD, when set, wins). */
  username?: string;
  password?: string;
  /** Any `rediss://` entry turns TLS on for every node (a cluster is either all TLS or not). */
  tls: boolean;
}

/**
 * Parses REDIS_CLUSTER_NODES: comma-separated `host:port` or `redis[s]://[user:password@]host:port`
 * entries. Throws with the offending entry on anything else, so a typo stops the start-up.
 */
export function parseRedisClusterNodes(value: string | undefined): RedisClusterSeeds {
  const seeds: RedisClusterSeeds = { nodes: [], tls: false };
  for (const entry of (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const url = new URL(/^[a-z]+:\/\//i.test(entry) ? entry : `redis://${entry}`);
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
      throw new Error(`"${entry}" is not host:port or a redis:// / rediss:// URL`);
    }
    const port = Number(url.port || 6379);
    if (!url.hostname || !Number.isInteger(port) || port < 1 || port > 65_535) {
      throw new Error(`"${entry}" has no valid host and port`);
    }
    seeds.nodes.push({ host: url.hostname.replace(/^\[|\]$/g, ''), port });
    if (url.protocol === 'rediss:') seeds.tls = true;
    if (url.username) seeds.username = decodeURIComponent(url.username);
    if (url.password) seeds.password = decodeURIComponent(url.password);
  }
  return seeds;
}
