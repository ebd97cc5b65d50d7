import { setTimeout as sleep } from 'node:timers/promises';

import { Logger } from '@nestjs/common';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { RedisHealth } from '#src/infra/redis/redis-health.js';
import { CircuitBreaker } from '#src/infra/resilience/circuit-breaker.js';
import { featureNamespaces } from '#test/helpers/cache-namespaces.js';
import { ChaosDriver } from '#test/helpers/chaos.driver.js';

import { InProcessInvalidationBus } from '../bus/in-process-invalidation.bus.js';
import { CacheTuning } from '../cache.tuning.js';
import {
  type CacheLoader,
  loaded,
  type NamespaceName,
  type NamespaceOptions,
  NOT_FOUND,
} from '../cache.types.js';
import { CacheStack } from '../cache-stack.js';
import { MemoryDriver } from '../drivers/memory.driver.js';
import { type Envelope, wrapValue } from '../envelope.js';
import { L1Cache } from '../l1/l1-cache.js';
import { LruStore } from '../l1/lru-store.js';
import { DistributedLock } from '../lock/distributed-lock.js';
import { CacheMetrics } from '../metrics/cache-metrics.js';
import { TierGuard } from '../tier-guard.js';
import { GetOrLoadHandler } from './get-or-load.handler.js';
import { LoaderRunner } from './loader-runner.js';

/** The get-or-load algorithm over in-memory tiers, with a chaos-wrapped "Redis" to inject failures. */
function setup(namespaces: Partial<Record<NamespaceName, Partial<NamespaceOptions>>> = {}) {
  const metrics = new CacheMetrics();
  const redisDriver = new ChaosDriver(new MemoryDriver({ maxEntries: 1_000 }), 'redis');
  const breaker = new CircuitBreaker({
    name: 'redis',
    failureThreshold: 2,
    openMs: 60_000,
    probe: async () => undefined,
  });
  const health = new RedisHealth({ status: 'ready', on: () => undefined }, breaker);
  const stack = new CacheStack(
    featureNamespaces(namespaces),
    new L1Cache(new LruStore<Envelope>({ maxEntries: 1_000 }), 30_000),
    new TierGuard(redisDriver, health, metrics),
    new InProcessInvalidationBus(`unit-${Math.random()}`),
    metrics,
  );
  const handler = new GetOrLoadHandler(
    featureNamespaces(namespaces),
    stack,
    new LoaderRunner(metrics),
    new DistributedLock(null, 'unit:', null),
    metrics,
    CacheTuning.with({ refreshBackoffMs: 50 }),
  );
  return { handler, stack, redisDriver, breaker, metrics };
}

function layer<T>(
  name: string,
  kind: 'store' | 'upstream',
  load: () => Promise<T | typeof NOT_FOUND | undefined>,
) {
  const l = {
    name,
    kind,
    calls: 0,
    saved: [] as T[],
    load: () => (l.calls++, load()),
    save: async (v: T) => void l.saved.push(v),
  };
  return l satisfies CacheLoader<T>;
}

describe('GetOrLoadHandler', () => {
  // The failures below are deliberate; their warnings would only clutter the run.
  beforeAll(() => Logger.overrideLogger(false));
  const breakers: CircuitBreaker[] = [];
  afterEach(() => breakers.splice(0).forEach((b) => b.stop()));

  it('a failing Redis tier is skipped: the value is loaded, errors counted, and the breaker stops further calls', async () => {
    const { handler, redisDriver, breaker, metrics } = setup({ dict: { l1: false } });
    breakers.push(breaker);
    redisDriver.alwaysThrow();
    const api = layer('api', 'upstream', async () => ({ ok: true }));
    for (let i = 0; i < 5; i++) {
      expect(await handler.handle('dict', `k${i}`, [api], {})).toMatchObject({
        found: true,
        value: { ok: true },
      });
    }
    expect(breaker.getState()).toBe('open');
    // get + set failed on the first call (2 failures) → open; nothing was sent to Redis afterwards.
    expect(redisDriver.calls).toBe(2);
    expect(metrics.snapshot().namespaces.dict.layers.redis.errors).toBe(2);
  });

  it('writes what an upstream found back to the store layers that missed it', async () => {
    const { handler, breaker } = setup();
    breakers.push(breaker);
    const store = layer<string>('postgres', 'store', async () => undefined);
    const api = layer('api', 'upstream', async () => 'value');
    await handler.handle('dict', 'k', [store, api], {});
    expect(store.saved).toEqual(['value']);
  });

  it('a failing write-back does not fail the lookup', async () => {
    const { handler, breaker, metrics } = setup();
    breakers.push(breaker);
    const store = {
      ...layer<string>('postgres', 'store', async () => undefined),
      save: () => Promise.reject(new Error('disk full')),
    };
    const api = layer('api', 'upstream', async () => 'value');
    expect(await handler.handle('dict', 'k', [store, api], {})).toMatchObject({
      found: true,
      value: 'value',
    });
    expect(metrics.snapshot().namespaces.dict.layers.postgres.errors).toBe(1);
  });

  it('"nothing to say" from every layer is not cached as "not found"; a NOT_FOUND is', async () => {
    const { handler, breaker } = setup();
    breakers.push(breaker);
    const silent = layer('postgres', 'store', async () => undefined);
    await handler.handle('dict', 'silent', [silent], {});
    await handler.handle('dict', 'silent', [silent], {});
    expect(silent.calls).toBe(2);
    const no = layer('api', 'upstream', async () => NOT_FOUND);
    await handler.handle('dict', 'no', [no], {});
    expect(await handler.handle('dict', 'no', [no], {})).toEqual({ found: false, source: 'l1', hit: true });
    expect(no.calls).toBe(1);
  });

  it('namespaces without negative caching ask again every time', async () => {
    const { handler, breaker } = setup();
    breakers.push(breaker);
    const no = layer('api', 'upstream', async () => NOT_FOUND);
    await handler.handle('user', 'no', [no], {});
    await handler.handle('user', 'no', [no], {});
    expect(no.calls).toBe(2);
  });

  it('serves the stale L1 value when the refresh fails, and the fresh one once a refresh succeeds', async () => {
    const { handler, breaker, metrics } = setup({ settings: { softTtlMs: 20 } });
    breakers.push(breaker);
    let fail = false;
    let version = 1;
    const api = layer('api', 'upstream', async () => (fail ? Promise.reject(new Error('503')) : { version }));
    await handler.handle('settings', 'k', [api], {});
    await sleep(30);
    fail = true;
    expect(await handler.handle('settings', 'k', [api], {})).toMatchObject({
      value: { version: 1 },
      stale: true,
      source: 'l1',
    });
    await sleep(5);
    expect(api.calls).toBe(2);
    // Within the backoff the failed refresh is not retried.
    expect(await handler.handle('settings', 'k', [api], {})).toMatchObject({
      value: { version: 1 },
      stale: true,
    });
    expect(api.calls).toBe(2);
    await sleep(60);
    fail = false;
    version = 2;
    expect(await handler.handle('settings', 'k', [api], {})).toMatchObject({
      value: { version: 1 },
      stale: true,
    });
    await sleep(5);
    expect(await handler.handle('settings', 'k', [api], {})).toMatchObject({
      value: { version: 2 },
      stale: false,
    });
    expect(metrics.snapshot().namespaces.settings.staleServed).toBe(3);
  });

  it('per-call ttl and soft ttl override the namespace', async () => {
    const { handler, breaker } = setup({ user: { l1: false } });
    breakers.push(breaker);
    let n = 0;
    const api = layer('api', 'upstream', async () => ++n);
    await handler.handle('user', 'k', [api], { ttlMs: 30 });
    expect(await handler.handle('user', 'k', [api], {})).toMatchObject({ value: 1, hit: true });
    await sleep(40);
    expect(await handler.handle('user', 'k', [api], {})).toMatchObject({ value: 2, hit: false });
  });

  it('does not cache what a load read before a concurrent delete of the same key (no resurrected value)', async () => {
    const { handler, stack, redisDriver, breaker } = setup({ settings: { l1: true } });
    breakers.push(breaker);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const db = layer('postgres', 'store', async () => {
      await gate; // the row was read here, before the write below committed
      return { tone: 'old' };
    });
    const loading = handler.handle('settings', 'u1', [db], {});
    await sleep(5);
    await stack.remove('settings', ['u1']); // the writer's invalidation runs while the load is in flight
    release();
    expect(await loading).toMatchObject({ found: true, value: { tone: 'old' } }); // the reader still gets its answer
    expect(await redisDriver.get('settings:u1')).toBeUndefined();
    const next = layer('postgres', 'store', async () => ({ tone: 'new' }));
    expect(await handler.handle('settings', 'u1', [next], {})).toMatchObject({ value: { tone: 'new' } });
  });

  it('a loaded value with its own TTL and persist: false is cached that long and not written back', async () => {
    const { handler, breaker } = setup({ user: { l1: false } });
    breakers.push(breaker);
    let n = 0;
    const store = layer<number>('postgres', 'store', async () => undefined);
    const api = {
      name: 'api',
      kind: 'upstream' as const,
      load: async () => loaded(++n, { ttlMs: 30, persist: false }),
    };
    expect(await handler.handle('user', 'stand-in', [store, api], {})).toMatchObject({
      value: 1,
      source: 'api',
    });
    expect(store.saved).toEqual([]);
    expect(await handler.handle('user', 'stand-in', [store, api], {})).toMatchObject({ value: 1, hit: true });
    await sleep(40);
    expect(await handler.handle('user', 'stand-in', [store, api], {})).toMatchObject({
      value: 2,
      hit: false,
    });
  });

  it('builds lazily given loaders only on a miss', async () => {
    const { handler, breaker } = setup({ user: { l1: true } });
    breakers.push(breaker);
    let built = 0;
    const loaders = () => (built++, [layer('api', 'upstream', async () => 'v')]);
    await handler.handle('user', 'lazy', loaders, {});
    await handler.handle('user', 'lazy', loaders, {});
    expect(built).toBe(1);
  });

  it('handleMany reads each key once, charges the misses before any loader, and settles each key alone', async () => {
    const { handler, stack, breaker, metrics } = setup({ dict: { l1: false } });
    breakers.push(breaker);
    await stack.write('dict', 'cached', wrapValue('c', { ttlMs: 60_000 }));
    const order: string[] = [];
    const loadersFor = (key: string) => [
      layer('api', 'upstream', async () => {
        order.push(`load ${key}`);
        if (key === 'down') throw new Error('upstream down');
        return `v-${key}`;
      }),
    ];
    const results = await handler.handleMany('dict', ['cached', 'a', 'down', 'a'], loadersFor, {
      beforeLoading: async (misses) => void order.push(`charge ${misses}`),
    });
    expect(order).toEqual(['charge 2', 'load a', 'load down']);
    expect(results.get('cached')).toMatchObject({
      status: 'fulfilled',
      value: { value: 'c', source: 'redis' },
    });
    expect(results.get('a')).toMatchObject({ status: 'fulfilled', value: { value: 'v-a', source: 'api' } });
    expect(results.get('down')).toMatchObject({ status: 'rejected', reason: new Error('upstream down') });
    // One Redis read per distinct key: a hit and two misses, not the misses twice.
    expect(metrics.snapshot().namespaces.dict.layers.redis).toMatchObject({ hits: 1, misses: 2 });
  });
});
