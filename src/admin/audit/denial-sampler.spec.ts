import { describe, expect, it } from 'vitest';

import { DenialSampler } from './denial-sampler.js';

describe('DenialSampler', () => {
  it('admits a bounded number of refusals per account and minute', () => {
    let now = 1_000_000;
    const sampler = new DenialSampler(3, () => now);
    expect([1, 2, 3, 4, 5].map(() => sampler.admit('a'))).toEqual([true, true, true, false, false]);
    expect(sampler.admit('b')).toBe(true);
    // The window started at the first refusal and is not extended by the ones that followed.
    now += 59_999;
    expect(sampler.admit('a')).toBe(false);
    now += 1;
    expect([1, 2, 3, 4].map(() => sampler.admit('a'))).toEqual([true, true, true, false]);
  });
});
