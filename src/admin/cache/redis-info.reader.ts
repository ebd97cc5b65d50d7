import { Injectable } from '@nestjs/common';

import { isCluster } from '#src/infra/cache/redis/redis-keyspace.js';
import { RedisService } from '#src/infra/redis/redis.service.js';

export interface RedisServerStats {
  mode: 'standalone' | 'cluster';
  /** Round trip of one PING from this instance, ms. */
  pingMs: number | null;
  usedMemoryBytes: number;
  /** 0 = no limit. */
  maxmemoryBytes: number;
  maxmemoryPolicy: string;
  evictedKeys: number;
  keyspaceHits: number;
  keyspaceMisses: number;
  connectedClients: number;
  /** Masters asked (1 when standalone); numbers are summed over them. */
  nodes: number;
}

/** Redis' own view, from INFO (CONFIG is disabled in production's redis.conf) and a PING. */
@Injectable()
export class RedisInfoReader {
  public constructor(private readonly redis: RedisService) {}

  public async read(): Promise<RedisServerStats | null> {
    const client = this.redis.client;
    if (!client) return null;
    const nodes = isCluster(client) ? client.nodes('master') : [client];
    const [pingMs, infos] = await Promise.all([
      this.redis.ping().catch(() => null),
      Promise.all(nodes.map(async (node) => parseInfo(await node.info()))),
    ]);
    const sum = (field: string) => infos.reduce((total, info) => total + Number(info[field] ?? 0), 0);
    return {
      mode: isCluster(client) ? 'cluster' : 'standalone',
      pingMs: pingMs === null ? null : Math.round(pingMs * 1000) / 1000,
      usedMemoryBytes: sum('used_memory'),
      maxmemoryBytes: sum('maxmemory'),
      maxmemoryPolicy: infos[0]?.maxmemory_policy ?? 'unknown',
      evictedKeys: sum('evicted_keys'),
      keyspaceHits: sum('keyspace_hits'),
      keyspaceMisses: sum('keyspace_misses'),
      connectedClients: sum('connected_clients'),
      nodes: infos.length,
    };
  }
}

/** `INFO` text (`# Section` headers, `field:value` lines) as a flat map. */
export function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}
