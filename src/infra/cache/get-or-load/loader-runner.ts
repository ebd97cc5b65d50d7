import { Logger } from '@nestjs/common';

import {
  type CacheLayerName,
  type CacheLoader,
  Loaded,
  type LoadedOptions,
  type NamespaceName,
  NOT_FOUND,
} from '../cache.types.js';
import type { CacheMetrics } from '../metrics/cache-metrics.js';

export type LayerOutcome<T> =
  | { kind: 'found'; value: T; layer: string; keep: LoadedOptions }
  /** `definitive`: at least one layer said NOT_FOUND and none failed — safe to cache as "not found". */
  | { kind: 'not-found'; definitive: boolean; layer: string }
  | { kind: 'failed'; error: unknown };

/**
 * Asks the caller's loaders (its PostgreSQL table, then upstreams) in order. The first value wins and is
 * written back to the earlier `store` loaders that missed it (unless it was `loaded(…, { persist: false })`).
 * A loader that throws could not answer: the next one is tried, and the failure is never mistaken for
 * "not found".
 */
export class LoaderRunner {
  private readonly logger = new Logger(LoaderRunner.name);

  public constructor(private readonly metrics: CacheMetrics) {}

  public async run<T>(ns: NamespaceName, key: string, layers: CacheLoader<T>[]): Promise<LayerOutcome<T>> {
    let failure: unknown;
    let failed = false;
    let sawNotFound = false;
    for (const [i, layer] of layers.entries()) {
      const metricLayer: CacheLayerName = layer.kind === 'store' ? 'postgres' : 'upstream';
      const started = performance.now();
      let result: T | Loaded<T> | typeof NOT_FOUND | undefined;
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
      const [value, keep] = result instanceof Loaded ? [result.value, result.options] : [result, {}];
      if (keep.persist !== false) await this.writeBack(ns, key, layers.slice(0, i), value, layer.name);
      return { kind: 'found', value, layer: layer.name, keep };
    }
    if (failed) return { kind: 'failed', error: failure };
    return { kind: 'not-found', definitive: sawNotFound, layer: layers.at(-1)?.name ?? 'none' };
  }

  private async writeBack<T>(
    ns: NamespaceName,
    key: string,
    earlier: CacheLoader<T>[],
    value: T,
    from: string,
  ): Promise<void> {
    await Promise.all(
      earlier
        .filter((l) => l.kind === 'store' && l.save)
        .map(async (l) => {
          try {
            await l.save!(value, from);
          } catch (err) {
            this.metrics.error(ns, 'postgres');
            this.logger.warn({ ns, key, layer: l.name, err: (err as Error)?.message }, 'write-back failed');
          }
        }),
    );
  }
}
