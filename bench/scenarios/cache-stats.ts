// The `dict` namespace's per-layer counters from the admin stats endpoint (this instance, since start).
import type { ApiClient } from '../lib/api-client.js';

export interface LayerCounters {
  hits: number;
  misses: number;
}
export type DictLayers = Record<'l1' | 'redis' | 'postgres' | 'upstream', LayerCounters>;

/**
 * Reads the counters. Called right after a load run, it first lets the requests the generator abandoned at
 * its deadline finish, so each counted miss has its answer counted too.
 */
export async function dictLayers(api: ApiClient, adminToken: string, settleMs = 250): Promise<DictLayers> {
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const { body } = await api.call<{ namespaces: { dict: { layers: DictLayers } } }>(
    'GET',
    '/api/v1/admin/cache/stats',
    { token: adminToken },
  );
  return body.namespaces.dict.layers;
}

export function layerDelta(before: DictLayers, after: DictLayers): DictLayers {
  const d = (layer: keyof DictLayers): LayerCounters => ({
    hits: after[layer].hits - before[layer].hits,
    misses: after[layer].misses - before[layer].misses,
  });
  return { l1: d('l1'), redis: d('redis'), postgres: d('postgres'), upstream: d('upstream') };
}

/** Lookups that got an answer, whichever layer gave it. */
export function answered(d: DictLayers): number {
  return d.l1.hits + d.redis.hits + d.postgres.hits + d.upstream.hits;
}
