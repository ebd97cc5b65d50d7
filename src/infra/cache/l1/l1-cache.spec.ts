import { describe, expect, it } from 'vitest';

import { type Envelope, wrapValue } from '../envelope.js';
import { L1Cache } from './l1-cache.js';
import { LruStore } from './lru-store.js';

/** An envelope holding `value`. */
const v = (value: string) => wrapValue(value, { ttlMs: 60_000 });

describe('L1Cache', () => {
  const l1 = () => new L1Cache(new LruStore<Envelope>({ maxEntries: 3 }), 30_000);

  it('drops a value read before an invalidation arrived (the read/invalidate race)', () => {
    const cache = l1();
    const token = cache.beginRead(); // a Redis read starts…
    cache.invalidate(['settings:u1']); // …the bus message arrives meanwhile…
    cache.fill('settings:u1', v('old'), 10_000, token); // …and the old value comes back: not cached
    expect(cache.read('settings:u1')).toBeUndefined();
    const later = cache.beginRead();
    cache.fill('settings:u1', v('new'), 10_000, later);
    expect(cache.read('settings:u1')?.d).toBe('new');
  });

  it('a prefix invalidation vetoes fills of keys under it only', () => {
    const cache = l1();
    const token = cache.beginRead();
    cache.invalidatePrefix('user:');
    cache.fill('user:a', v('1'), 10_000, token);
    cache.fill('dict:a', v('2'), 10_000, token);
    expect(cache.read('user:a')).toBeUndefined();
    expect(cache.read('dict:a')?.d).toBe('2');
  });

  it('is bounded (LRU) and caps TTLs at its own', async () => {
    const cache = new L1Cache(new LruStore<Envelope>({ maxEntries: 2 }), 20);
    cache.write('a', v('1'), 60_000);
    cache.write('b', v('2'), 60_000);
    cache.read('a');
    cache.write('c', v('3'), 60_000);
    expect(cache.read('b')).toBeUndefined();
    expect(cache.size).toBe(2);
    await new Promise((r) => setTimeout(r, 40));
    expect(cache.read('a')).toBeUndefined();
  });

  it('does nothing when disabled', () => {
    const cache = new L1Cache(null, 30_000);
    cache.write('a', v('1'), 1_000);
    expect(cache.enabled).toBe(false);
    expect(cache.read('a')).toBeUndefined();
  });
});
