import { Logger } from '@nestjs/common';

import { type CacheLayer, type CacheLayerName, type NamespaceName, NOT_FOUND } from '../cache.types.js';
import type { CacheMetrics } from '../metrics/cache-metrics.js';

export type LayerOutcome<T> =
  | { kind: 'found'; value: T; layer: string }
  /** `definitive`: at least one layer said NOT_FOUND and none failed — safe to cache as "not found". */
  | { kind: 'not-found'; definitive: boolean; layer: string }
  | { kind: 'failed'; error: unknown };

/**
 * Asks the caller's layers (PostgreSQL repositories, then upstreams) in order. The first value wins
 * and is written back to the earlier `store` layers that missed it. A layer that throws could not
 * answer: the next one is tried, and the failure is never mistaken for "not found".
 */
export class LayerRunner {
  private readonly logger = new Logger(LayerRunner.name);

  public constructor(private readonly metrics: CacheMetrics) {}

  public async run<T>(ns: NamespaceName, key: string, layers: CacheLayer<T>[]): Promise<LayerOutcome<T>> {
    let failure: unknown;
    let failed = false;
    let sawNotFound = false;
    for (const [i, layer] of layers.entries()) {
      const metricLayer: CacheLayerName = layer.kind === 'store' ? 'postgres' : 'upstream';
      const started = performance.now();
      let result: T | typeof NOT_FOUND | undefined;
      try {
        result = await layer.load();
      } catch (err) {
        if (!failed) failure = err;
        failed = true;
        this.metrics.error(ns, metricLayer);
        this.logger.warn({ ns, key, layer: layer.name, err: (err as Error)?.message }, 'cache layer failed');
        continue;
      } finally {
        this.metrics.latency(ns, metricLayer, performance.now() - started);
      }
      if (result === undefined || result === NOT_FOUND) {
        sawNotFound ||= result === NOT_FOUND;
        this.metrics.miss(ns, metricLayer);
        continue;
      }
      this.metrics.hit(ns, metricLayer);
      await this.writeBack(ns, key, layers.slice(0, i), result);
      return { kind: 'found', value: result, layer: layer.name };
    }
    if (failed) return { kind: 'failed', error: failure };
    return { kind: 'not-found', definitive: sawNotFound, layer: layers.at(-1)?.name ?? 'none' };
  }

  private async writeBack<T>(
    ns: NamespaceName,
    key: string,
    earlier: CacheLayer<T>[],
    value: T,
  ): Promise<void> {
    await Promise.all(
      earlier
        .filter((l) => l.kind === 'store' && l.save)
        .map(async (l) => {
          try {
            await l.save!(value);
          } catch (err) {
            this.metrics.error(ns, 'postgres');
            this.logger.warn({ ns, key, layer: l.name, err: (err as Error)?.message }, 'write-back failed');
          }
        }),
    );
  }
}
