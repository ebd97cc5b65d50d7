import type { Provider } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import { RedisService } from '#src/infra/redis/redis.service.js';

import { InProcessInvalidationBus } from './bus/in-process-invalidation.bus.js';
import { RedisInvalidationBus } from './bus/redis-invalidation.bus.js';
import { CacheTuning } from './cache.tuning.js';
import { CacheNamespaces } from './cache-namespace.registry.js';
import { CacheStack } from './cache-stack.js';
import { RedisDriver } from './drivers/redis.driver.js';
import type { Envelope } from './envelope.js';
import { GetOrLoadHandler } from './get-or-load/get-or-load.handler.js';
import { LoaderRunner } from './get-or-load/loader-runner.js';
import { L1Cache } from './l1/l1-cache.js';
import { LruStore } from './l1/lru-store.js';
import { DistributedLock } from './lock/distributed-lock.js';
import { CacheMetrics } from './metrics/cache-metrics.js';
import { TierGuard } from './tier-guard.js';

function buildStack(
  config: AppConfig,
  redis: RedisService,
  namespaces: CacheNamespaces,
  metrics: CacheMetrics,
): CacheStack {
  const l1 = new L1Cache(
    config.cache.l1Enabled ? new LruStore<Envelope>({ maxEntries: config.cache.l1MaxEntries }) : null,
    config.cache.l1TtlMs,
  );
  const redisTier = redis.client
    ? new TierGuard(new RedisDriver(redis.client, redis.keyPrefix), redis.health, metrics)
    : null;
  const channel = `${redis.keyPrefix}cache:invalidate`;
  const bus =
    redis.client && redis.subscriber
      ? new RedisInvalidationBus(redis.client, redis.subscriber, channel, redis.health)
      : new InProcessInvalidationBus(channel);
  const stack = new CacheStack(namespaces, l1, redisTier, bus, metrics);
  metrics.attachGauges(() => ({
    l1: { enabled: l1.enabled, size: l1.size, maxEntries: l1.maxEntries },
    redis: {
      configured: redis.enabled,
      breaker: redis.health?.state ?? 'disabled',
      breakerOpenings: redis.health?.openings ?? 0,
      pendingRepairs: stack.repairs?.pending ?? 0,
    },
  }));
  return stack;
}

/** The cache's building blocks. Tests override `CacheTuning` / `CacheNamespaces` to shorten timings. */
export const cacheProviders: Provider[] = [
  { provide: CacheTuning, useFactory: () => new CacheTuning() },
  { provide: CacheNamespaces, useFactory: () => new CacheNamespaces() },
  { provide: CacheMetrics, useFactory: () => new CacheMetrics() },
  {
    provide: CacheStack,
    inject: [AppConfig, RedisService, CacheNamespaces, CacheMetrics],
    useFactory: buildStack,
  },
  {
    provide: GetOrLoadHandler,
    inject: [CacheNamespaces, CacheStack, CacheMetrics, RedisService, CacheTuning],
    useFactory: (
      namespaces: CacheNamespaces,
      stack: CacheStack,
      metrics: CacheMetrics,
      redis: RedisService,
      tuning: CacheTuning,
    ) =>
      new GetOrLoadHandler(
        namespaces,
        stack,
        new LoaderRunner(metrics),
        new DistributedLock(redis.client, redis.keyPrefix, redis.health),
        metrics,
        tuning,
      ),
  },
];
