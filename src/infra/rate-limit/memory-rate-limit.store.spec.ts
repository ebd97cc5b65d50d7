import { afterEach, describe, expect, it } from 'vitest';

import { fixedWindow as fixed, slidingWindow as sliding } from '#test/helpers/rate-limit-rules.js';

import { MemoryRateLimitStore } from './memory-rate-limit.store.js';
import type { RateLimitRule } from './rate-limit.store.js';

class ManualClock {
  public ms = 1_000_000;
  public readonly now = () => this.ms;
}

describe('MemoryRateLimitStore', () => {
  const clock = new ManualClock();
  let store: MemoryRateLimitStore;
  const fresh = () => (store = new MemoryRateLimitStore(clock.now));
  afterEach(() => store.dispose());

  describe('fixed window', () => {
    it('admits `limit` requests per window, then rejects until the window ends', () => {
      fresh();
      const rule = fixed(3, 1_000);
      expect([1, 2, 3].map(() => store.checkNow('k', rule).allowed)).toEqual([true, true, true]);
      clock.ms += 400;
      expect(store.checkNow('k', rule)).toEqual({ allowed: false, hits: 4, resetMs: 600, retryAfterMs: 600 });
      clock.ms += 599;
      expect(store.checkNow('k', rule).allowed).toBe(false);
      clock.ms += 1;
      expect(store.checkNow('k', rule)).toEqual({ allowed: true, hits: 1, resetMs: 1_000, retryAfterMs: 0 });
    });

    it('with a block duration, locks the client out that long and then starts afresh', () => {
      fresh();
      const rule = fixed(2, 1_000, 5_000);
      store.checkNow('k', rule);
      store.checkNow('k', rule);
      expect(store.checkNow('k', rule)).toMatchObject({ allowed: false, retryAfterMs: 5_000 });
      clock.ms += 4_999; // long after the window ended: still blocked
      expect(store.checkNow('k', rule)).toMatchObject({ allowed: false, retryAfterMs: 1 });
      clock.ms += 1;
      expect(store.checkNow('k', rule)).toMatchObject({ allowed: true, hits: 1 });
    });

    it('keeps keys apart', () => {
      fresh();
      store.checkNow('a', fixed(1, 1_000));
      expect(store.checkNow('a', fixed(1, 1_000)).allowed).toBe(false);
      expect(store.checkNow('b', fixed(1, 1_000)).allowed).toBe(true);
    });
  });

  describe('sliding window', () => {
    it('frees a slot exactly when the oldest admitted request leaves the window', () => {
      fresh();
      const rule = sliding(3, 1_000);
      const start = clock.ms;
      for (const at of [0, 500, 900]) {
        clock.ms = start + at;
        expect(store.checkNow('k', rule).allowed).toBe(true);
      }
      clock.ms = start + 999;
      expect(store.checkNow('k', rule)).toEqual({ allowed: false, hits: 4, resetMs: 1, retryAfterMs: 1 });
      clock.ms = start + 1_000;
      expect(store.checkNow('k', rule)).toEqual({ allowed: true, hits: 3, resetMs: 500, retryAfterMs: 0 });
      expect(store.checkNow('k', rule)).toMatchObject({ allowed: false, retryAfterMs: 500 });
    });

    it('admits no burst across a window edge, where a fixed window admits twice the limit', () => {
      fresh();
      const admittedAround = (rule: RateLimitRule, key: string) => {
        const start = clock.ms;
        clock.ms = start + 10; // one request early in the window…
        let admitted = Number(store.checkNow(key, rule).allowed);
        clock.ms = start + 990; // …a burst just before the edge…
        for (let i = 0; i < 10; i++) admitted += Number(store.checkNow(key, rule).allowed);
        clock.ms = start + 1_020; // …and another just after it: 30 ms apart
        for (let i = 0; i < 10; i++) admitted += Number(store.checkNow(key, rule).allowed);
        return admitted;
      };
      expect(admittedAround(fixed(5, 1_000), 'fixed')).toBe(10);
      expect(admittedAround(sliding(5, 1_000), 'sliding')).toBe(6); // 5, then one slot freed by the early request
    });

    it('does not log rejected requests, so a hammering client is admitted again after one window', () => {
      fresh();
      const rule = sliding(2, 1_000);
      store.checkNow('k', rule);
      store.checkNow('k', rule);
      for (let t = 0; t < 1_000; t += 100) {
        clock.ms += 100;
        store.checkNow('k', rule);
      }
      expect(store.checkNow('k', rule).allowed).toBe(true);
    });
  });
});
