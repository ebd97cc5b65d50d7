import { setTimeout as sleep } from 'node:timers/promises';

import { beforeEach, describe, expect, it } from 'vitest';

import type { CacheDriver } from '#src/infra/cache/drivers/cache-driver.js';

export interface DriverContractOptions {
  /** A driver over a clean keyspace. */
  create: () => CacheDriver;
  /** A second driver over the same backend but another owner (e.g. another key prefix), if the backend is shared. */
  createNeighbour?: () => CacheDriver;
}

const json = (value: unknown) => JSON.stringify(value);
const parsed = (raw: string | undefined) => (raw === undefined ? undefined : JSON.parse(raw));

/**
 * The one behaviour every tier must have (bentocache's driver_test_suite idea): run by
 * `drivers.int.spec.ts` against the memory, Redis and PostgreSQL drivers.
 */
export function describeDriverContract(name: string, options: DriverContractOptions): void {
  describe(`${name} driver contract`, () => {
    let driver: CacheDriver;

    beforeEach(async () => {
      driver = options.create();
      await driver.clear('');
    });

    it('returns undefined for a key that was never set', async () => {
      expect(await driver.get('dict:en:missing')).toBeUndefined();
    });

    it('returns what was set, and the latest value after an overwrite', async () => {
      await driver.set('dict:en:hello', json({ v: 1, d: 'first' }), 60_000);
      expect(parsed(await driver.get('dict:en:hello'))).toEqual({ v: 1, d: 'first' });
      await driver.set('dict:en:hello', json({ v: 1, d: 'second' }), 60_000);
      expect(parsed(await driver.get('dict:en:hello'))).toEqual({ v: 1, d: 'second' });
    });

    it('keeps quotes, unicode and nested structures intact', async () => {
      const value = { d: { text: 'l\'été "chaud" — 東京 🐍', list: [1, null, true, { x: -0.5 }] } };
      await driver.set("user:o'brien", json(value), 60_000);
      expect(parsed(await driver.get("user:o'brien"))).toEqual(value);
    });

    it('forgets a value once its TTL has passed', async () => {
      await driver.set('session:short', json({ d: 1 }), 40);
      await driver.set('session:long', json({ d: 2 }), 60_000);
      await sleep(80);
      expect(await driver.get('session:short')).toBeUndefined();
      expect(parsed(await driver.get('session:long'))).toEqual({ d: 2 });
      expect(await driver.getMany(['session:short'])).toEqual([undefined]);
    });

    it('getMany answers in the order asked, with holes for missing keys', async () => {
      await driver.set('user:a', json('A'), 60_000);
      await driver.set('user:c', json('C'), 60_000);
      const values = await driver.getMany(['user:c', 'user:b', 'user:a', 'user:c']);
      expect(values.map(parsed)).toEqual(['C', undefined, 'A', 'C']);
      expect(await driver.getMany([])).toEqual([]);
    });

    it('getMany returns 100 values', async () => {
      const keys = Array.from({ length: 100 }, (_, i) => `dict:en:w${i}`);
      await Promise.all(keys.map((k, i) => driver.set(k, json(i), 60_000)));
      expect((await driver.getMany(keys)).map(parsed)).toEqual(keys.map((_, i) => i));
    });

    it('delete removes a key and says whether there was one', async () => {
      await driver.set('user:a', json('A'), 60_000);
      expect(await driver.delete('user:a')).toBe(true);
      expect(await driver.get('user:a')).toBeUndefined();
      expect(await driver.delete('user:a')).toBe(false);
    });

    it('deleteMany removes the listed keys only and counts them', async () => {
      await driver.set('user:a', json('A'), 60_000);
      await driver.set('user:b', json('B'), 60_000);
      await driver.set('user:c', json('C'), 60_000);
      expect(await driver.deleteMany(['user:a', 'user:b', 'user:zz'])).toBe(2);
      expect(await driver.getMany(['user:a', 'user:b'])).toEqual([undefined, undefined]);
      expect(parsed(await driver.get('user:c'))).toBe('C');
      expect(await driver.deleteMany([])).toBe(0);
    });

    it('clear(prefix) removes exactly the keys under the prefix, taking the prefix literally', async () => {
      await driver.set('dict:en:a', json(1), 60_000);
      await driver.set('dict:en:b', json(2), 60_000);
      await driver.set('dict:fr:a', json(3), 60_000);
      await driver.set('dict:e*', json(4), 60_000);
      await driver.set('user:a', json(5), 60_000);
      expect(await driver.clear('dict:e*')).toBe(1);
      expect(await driver.clear('dict:en:')).toBe(2);
      expect((await driver.getMany(['dict:en:a', 'dict:en:b', 'dict:fr:a', 'user:a'])).map(parsed)).toEqual([
        undefined,
        undefined,
        3,
        5,
      ]);
      await driver.clear('');
      expect(await driver.getMany(['dict:fr:a', 'user:a'])).toEqual([undefined, undefined]);
    });

    it('clear(prefix) pages through more keys than one batch', async () => {
      const keys = Array.from({ length: 1_200 }, (_, i) => `llm:k${i}`);
      await Promise.all(keys.map((k) => driver.set(k, json(1), 60_000)));
      expect(await driver.clear('llm:')).toBe(1_200);
      expect((await driver.getMany(keys.slice(0, 50))).every((v) => v === undefined)).toBe(true);
    });

    if (options.createNeighbour) {
      const createNeighbour = options.createNeighbour;
      it("clear('') leaves another owner's keys alone", async () => {
        const neighbour = createNeighbour();
        await neighbour.set('user:a', json('theirs'), 60_000);
        await driver.set('user:a', json('ours'), 60_000);
        await driver.clear('');
        expect(await driver.get('user:a')).toBeUndefined();
        expect(parsed(await neighbour.get('user:a'))).toBe('theirs');
        await neighbour.clear('');
      });
    }
  });
}
