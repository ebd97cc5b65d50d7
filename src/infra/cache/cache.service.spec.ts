import { describe, expect, it } from 'vitest';

import { RedisService } from '#src/infra/redis/redis.service.js';
import { featureNamespaces } from '#test/helpers/cache-namespaces.js';
import { strictMock } from '#test/helpers/strict-mock.js';

import { CacheService } from './cache.service.js';
import { CacheStack } from './cache-stack.js';
import { type Envelope, wrapNotFound, wrapValue } from './envelope.js';
import { GetOrLoadHandler } from './get-or-load/get-or-load.handler.js';

/** CacheService over strict mocks: which tier each call reaches, and nothing more. */
describe('CacheService (strict mocks)', () => {
  const service = (stack: CacheStack, redis = strictMock(RedisService)) =>
    new CacheService(featureNamespaces(), stack, strictMock(GetOrLoadHandler), redis);

  it('answers get from the L1 without asking Redis', async () => {
    const stack = strictMock(CacheStack, { readLocal: () => wrapValue('v', { ttlMs: 1_000 }) });
    expect(await service(stack).get('dict', 'en:legion')).toBe('v');
  });

  it('reads Redis on an L1 miss, and a cached "not found" is no value', async () => {
    const stack = strictMock(CacheStack, {
      readLocal: () => undefined,
      readShared: async () => ({ env: wrapNotFound({ ttlMs: 1_000 }), source: 'redis' }),
    });
    expect(await service(stack).get('dict', 'en:qwzx')).toBeUndefined();
    expect(stack.readShared).toHaveBeenCalledWith('dict', 'en:qwzx');
  });

  it('getMany asks Redis only for what the L1 lacks, each key once', async () => {
    const stack = strictMock(CacheStack, {
      readLocal: (_ns: string, key: string) => (key === 'a' ? wrapValue(1, { ttlMs: 1_000 }) : undefined),
      readSharedMany: async () => new Map([['b', { env: wrapValue(2, { ttlMs: 1_000 }), source: 'redis' }]]),
    } as never);
    expect(await service(stack).getMany('user', ['a', 'b', 'c', 'b'])).toEqual(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
    );
    expect(stack.readSharedMany).toHaveBeenCalledWith('user', ['b', 'c']);
  });

  it('set writes a changed value with the namespace TTL and soft TTL, or the TTL given', async () => {
    const written: Envelope[] = [];
    const stack = strictMock(CacheStack, {
      write: async (_ns: string, _key: string, env: Envelope, changed: boolean) => {
        expect(changed).toBe(true);
        written.push(env);
      },
    } as never);
    const before = Date.now();
    await service(stack).set('dict', 'en:legion', ['entry']);
    await service(stack).set('dict', 'en:legion', ['entry'], 5_000);
    expect(written[0].d).toEqual(['entry']);
    expect(written[0].e! - before).toBeGreaterThanOrEqual(60 * 60_000 - 50);
    expect(written[0].s! - before).toBeGreaterThanOrEqual(50 * 60_000 - 50);
    expect(written[1].e! - before).toBeLessThanOrEqual(5_000 + 50);
  });

  it('deleteMany removes each key once', async () => {
    const stack = strictMock(CacheStack, { remove: async () => undefined });
    await service(stack).deleteMany('session', ['s1', 's2', 's1']);
    expect(stack.remove).toHaveBeenCalledWith('session', ['s1', 's2']);
  });

  it('is healthy without Redis (embedded) and not while Redis is skipped, without a PING either way', async () => {
    const stack = strictMock(CacheStack);
    const embedded = strictMock(RedisService, {}, { health: null });
    expect(await service(stack, embedded).isHealthy()).toBe(true);
    const down = strictMock(RedisService, {}, { health: { skipping: true } as RedisService['health'] });
    expect(await service(stack, down).isHealthy()).toBe(false);
  });
});
