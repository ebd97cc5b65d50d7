import { describe, expect, it } from 'vitest';

import { featureNamespaces } from '#test/helpers/cache-namespaces.js';
import { strictMock } from '#test/helpers/strict-mock.js';

import { InProcessInvalidationBus } from './bus/in-process-invalidation.bus.js';
import { CacheStack } from './cache-stack.js';
import { type Envelope, serializeEnvelope, wrapValue } from './envelope.js';
import { L1Cache } from './l1/l1-cache.js';
import { LruStore } from './l1/lru-store.js';
import { CacheMetrics } from './metrics/cache-metrics.js';
import { TierGuard } from './tier-guard.js';

/**
 * CacheStack over a strict mock of the Redis tier and of the bus: every Redis call and every bus message
 * must be one the test expects (the L1 is the real in-memory one).
 */
describe('CacheStack (strict mocks)', () => {
  const build = (redisStubs: Parameters<typeof strictMock<TierGuard>>[1], busStubs = {}) => {
    const order: string[] = [];
    const redis = strictMock(TierGuard, { onRecovered: () => undefined, ...redisStubs }, { available: true });
    const bus = strictMock(InProcessInvalidationBus, busStubs);
    const l1 = new L1Cache(new LruStore<Envelope>({ maxEntries: 100 }), 30_000);
    const stack = new CacheStack(featureNamespaces(), l1, redis, bus, new CacheMetrics());
    return { stack, redis, bus, l1, order };
  };

  it('deletes from Redis first and announces the deletion only once it has landed', async () => {
    const order: string[] = [];
    const { stack, l1 } = build(
      { attempt: async (_ns: string, op: string) => (order.push(`redis ${op}`), { ok: true, value: 1 }) },
      { publish: async () => (order.push('publish'), true) },
    );
    l1.write('settings:u1', wrapValue({}, { ttlMs: 60_000 }), 60_000);
    await stack.remove('settings', ['u1']);
    expect(order).toEqual(['redis deleteMany', 'publish']);
    expect(l1.read('settings:u1')).toBeUndefined();
    expect(stack.repairs?.pending).toBe(0);
  });

  it('remembers a delete Redis missed, to repeat it once Redis is back', async () => {
    const { stack } = build({ attempt: async () => ({ ok: false }) }, { publish: async () => true });
    await stack.remove('session', ['s1', 's2']);
    expect(stack.repairs?.pending).toBe(2);
  });

  it('fills the L1 with the envelope as decoded from Redis, frozen, so later hits neither parse nor copy', async () => {
    const raw = serializeEnvelope(wrapValue({ b: 1, a: [2] }, { ttlMs: 60_000 }));
    const { stack } = build({ attempt: async () => ({ ok: true, value: raw }) });
    const read = await stack.readShared<{ a: number[]; b: number }>('settings', 'u1');
    expect(read).toMatchObject({ source: 'redis', env: { d: { b: 1, a: [2] } } });
    const local = stack.readLocal<{ a: number[]; b: number }>('settings', 'u1');
    expect(local).toBe(read?.env);
    expect(Object.isFrozen(local?.d?.a)).toBe(true);
    expect(() => local?.d?.a.push(3)).toThrow(TypeError);
  });

  it('keeps in the L1 a copy of a value it writes, not the caller’s object', async () => {
    const { stack } = build(
      { attempt: async () => ({ ok: true, value: 'OK' }) },
      { publish: async () => true },
    );
    const value = { theme: 'dark' };
    await stack.write('settings', 'u1', wrapValue(value, { ttlMs: 60_000 }));
    value.theme = 'light';
    expect(stack.readLocal<{ theme: string }>('settings', 'u1')?.d).toEqual({ theme: 'dark' });
  });

  it('sends no bus message for a loaded value of a namespace no instance keeps in L1', async () => {
    // The bus mock has no `publish`: a message would fail the test.
    const { stack } = build({ attempt: async () => ({ ok: true, value: 'OK' }) });
    const token = stack.beginLoad();
    expect(await stack.writeLoaded('session', 's1', wrapValue({ live: true }, { ttlMs: 1_000 }), token)).toBe(
      true,
    );
  });

  describe('reads started ahead (`@ReadAhead` routes)', () => {
    const raw = serializeEnvelope(wrapValue({ word: 'legion' }, { ttlMs: 60_000 }));

    it('are used by the read they were started for: one Redis GET, counted once', async () => {
      const { stack, redis } = build({ attempt: async () => ({ ok: true, value: raw }) });
      const ahead = stack.startRead('dict', 'en:legion');
      const read = await stack.readShared('dict', 'en:legion', true, ahead);
      expect(read).toMatchObject({ source: 'redis', env: { d: { word: 'legion' } } });
      expect(redis.attempt).toHaveBeenCalledTimes(1);
    });

    it('are ignored by a read of another key', async () => {
      const { stack, redis } = build({ attempt: async () => ({ ok: true, value: raw }) });
      const ahead = stack.startRead('dict', 'en:legion');
      await stack.readShared('dict', 'en:cohort', true, ahead);
      expect(redis.attempt).toHaveBeenCalledTimes(2);
    });

    it('are not started when the L1 holds the key', () => {
      const { stack, l1 } = build({});
      l1.write('dict:en:legion', wrapValue({ word: 'legion' }, { ttlMs: 60_000 }), 60_000);
      expect(stack.startRead('dict', 'en:legion')).toBeUndefined();
    });

    it('answer their caller but stay out of the L1 when the key was invalidated after they began', async () => {
      const { stack, l1 } = build({ attempt: async () => ({ ok: true, value: raw }) });
      const ahead = stack.startRead('dict', 'en:legion');
      l1.invalidate(['dict:en:legion']);
      expect(await stack.readShared('dict', 'en:legion', true, ahead)).toMatchObject({ source: 'redis' });
      expect(l1.read('dict:en:legion')).toBeUndefined();
    });
  });
});
