import { Logger } from '@nestjs/common';
import { beforeAll, describe, expect, it } from 'vitest';

import { ChaosDriver } from '#test/helpers/chaos.driver.js';

import type { Invalidation } from '../bus/invalidation-bus.js';
import { MemoryDriver } from '../drivers/memory.driver.js';
import { CacheMetrics } from '../metrics/cache-metrics.js';
import { TierGuard } from '../tier-guard.js';
import { RedisRepairs } from './redis-repairs.js';

describe('RedisRepairs', () => {
  beforeAll(() => Logger.overrideLogger(false));

  function setup() {
    const memory = new MemoryDriver({ maxEntries: 100_000 });
    const redis = new ChaosDriver(memory, 'redis');
    const announced: Invalidation[] = [];
    const repairs = new RedisRepairs(
      new TierGuard(redis, null, new CacheMetrics()),
      async (i) => void announced.push(i),
    );
    return { memory, redis, repairs, announced };
  }

  it('deletes the keys Redis missed once it answers again, and tells the other instances', async () => {
    const { memory, redis, repairs, announced } = setup();
    await memory.set('settings:u1', 'old', 60_000);
    await memory.set('settings:u2', 'old', 60_000);
    redis.alwaysThrow();
    repairs.recordKeys(['settings:u1', 'settings:u2']);
    await repairs.replay();
    expect(repairs.pending).toBe(2); // still down: kept
    redis.neverThrow();
    await repairs.replay();
    expect(repairs.pending).toBe(0);
    expect(await memory.get('settings:u1')).toBeUndefined();
    expect(announced).toEqual([{ ns: 'settings', keys: ['u1', 'u2'] }]);
    repairs.stop();
  });

  it('falls back to whole namespaces past its key budget', async () => {
    const { memory, repairs, announced } = setup();
    await memory.set('dict:en:x', 'old', 60_000);
    repairs.recordKeys(Array.from({ length: 10_001 }, (_, i) => `dict:en:w${i}`));
    repairs.recordPrefix('user:');
    expect(repairs.pending).toBe(10_002);
    await repairs.replay();
    expect(await memory.get('dict:en:x')).toBeUndefined();
    expect(announced).toContainEqual({ ns: 'dict', prefix: '' });
    expect(announced).toContainEqual({ ns: 'user', prefix: '' });
    repairs.stop();
  });
});
