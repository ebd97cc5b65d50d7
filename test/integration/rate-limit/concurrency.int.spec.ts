import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import { burst, type RateLimitTestApp, startRateLimitApp } from './rate-limit-test-app.js';

// 200 requests at once against a limit of 50: the popular INCR-then-EXPIRE storages are exact here too,
// but only because INCR is atomic; what this pins down is that count, expiry and verdict come from one
// script, on one instance and across instances sharing Redis.
describe('rate limits under concurrency (real Redis)', () => {
  const prefix = uniqueKeyPrefix();
  let a: RateLimitTestApp;
  let b: RateLimitTestApp;

  beforeAll(async () => {
    const env = {
      REDIS_KEY_PREFIX: prefix,
      RATE_LIMIT_DEFAULT_LIMIT: '50',
      RATE_LIMIT_DEFAULT_TTL_SECONDS: '60',
    };
    [a, b] = await Promise.all([startRateLimitApp(env), startRateLimitApp(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await deleteKeysWithPrefix(prefix);
  });

  it('one instance: exactly 50 of 200 concurrent requests pass, each seeing a distinct remaining count', async () => {
    const { statuses, responses } = await burst(200, () =>
      a.request('/api/v1/rl/default', { headers: { 'x-test-user': 'solo' } }),
    );
    expect(statuses).toEqual({ 200: 50, 429: 150 });
    const remaining = responses
      .filter((r) => r.status === 200)
      .map((r) => Number(r.headers.get('x-ratelimit-remaining')));
    expect(remaining.sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a.metrics.snapshot().rejectionsByPolicy.default).toBe(150);
  });

  it('two instances sharing Redis: exactly 50 of 200 pass in total', async () => {
    // 100 to each: instances counting on their own would admit 50 each, 100 in total.
    const { statuses } = await burst(200, (i) =>
      (i % 2 ? a : b).request('/api/v1/rl/default', { headers: { 'x-test-user': 'shared' } }),
    );
    expect(statuses).toEqual({ 200: 50, 429: 150 });
  });

  it('budgets are per user: another user is unaffected by the exhausted ones', async () => {
    const res = await a.request('/api/v1/rl/default', { headers: { 'x-test-user': 'someone-else' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('49');
  });
});
