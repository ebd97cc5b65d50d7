import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import { burst, sleep, startRateLimitApp, type RateLimitTestApp } from './rate-limit-test-app.js';

describe.concurrent('rate-limit headers and the 429 problem (real Redis)', () => {
  const prefix = uniqueKeyPrefix();
  let app: RateLimitTestApp;

  beforeAll(async () => {
    app = await startRateLimitApp({
      REDIS_KEY_PREFIX: prefix,
      RATE_LIMIT_DEFAULT_LIMIT: '3',
      RATE_LIMIT_DEFAULT_TTL_SECONDS: '3',
      RATE_LIMIT_AUTH_IP_LIMIT: '20',
      RATE_LIMIT_AUTH_EMAIL_LIMIT: '2',
      RATE_LIMIT_AUTH_TTL_SECONDS: '60',
      RATE_LIMIT_AUTH_BLOCK_SECONDS: '7',
      RATE_LIMIT_LLM_LIMIT: '2',
      RATE_LIMIT_LLM_WINDOW_SECONDS: '4',
    });
  });
  afterAll(async () => {
    await app?.close();
    await deleteKeysWithPrefix(prefix);
  });

  const quota = (res: Response) =>
    ['limit', 'remaining', 'reset'].map((h) => res.headers.get(`x-ratelimit-${h}`));
  const get = (user: string) => app.request('/api/v1/rl/default', { headers: { 'x-test-user': user } });

  it('counts down X-RateLimit-Remaining and gives X-RateLimit-Reset in seconds until the window ends', async () => {
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push(quota(await get('countdown')));
    expect(seen).toEqual([
      ['3', '2', '3'],
      ['3', '1', '3'],
      ['3', '0', '3'],
    ]);
  });

  it('rejects with a problem whose Retry-After is the whole seconds left, rounded up, and honours it', async () => {
    for (let i = 0; i < 3; i++) await get('retry');
    const rejected = await get('retry');
    const answeredAt = performance.now();
    expect(rejected.status).toBe(429);
    expect(rejected.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // ~2.99 s of the 3 s window are left: rounding down would say 2, rounding up says 3.
    expect(rejected.headers.get('retry-after')).toBe('3');
    expect(quota(rejected)).toEqual(['3', '0', '3']);
    expect(await rejected.json()).toMatchObject({
      type: 'https://prosepolish.dev/problems/rate-limited',
      status: 429,
      retryAfter: 3,
      instance: '/api/v1/rl/default',
    });

    await sleep(3_000 - 150 - (performance.now() - answeredAt)); // just before the promised moment…
    const early = await get('retry');
    expect(early.status).toBe(429);
    expect(early.headers.get('retry-after')).toBe('1');
    await sleep(3_000 + 50 - (performance.now() - answeredAt)); // …and just after it
    expect((await get('retry')).status).toBe(200);
  });

  it('on login, crossing the per-email limit blocks for the block duration, and headers show the tighter policy', async () => {
    const login = () =>
      app.request('/api/v1/rl/login', {
        method: 'POST',
        json: { email: 'blocked@example.test', password: 'x' },
      });
    const first = await login();
    expect(quota(first)).toEqual(['2', '1', '60']); // auth-email (2/min) is tighter than auth-ip (20/min)
    await login();
    const rejected = await login();
    expect(rejected.status).toBe(429);
    expect(rejected.headers.get('retry-after')).toBe('7'); // the block, not the 60 s window
    expect(quota(rejected)).toEqual(['2', '0', '7']);
    expect(app.metrics.snapshot().rejectionsByPolicy['auth-email']).toBeGreaterThanOrEqual(1);
  });

  it('on the sliding window, Reset and Retry-After count to the moment the oldest request leaves', async () => {
    const correct = () =>
      app.request('/api/v1/rl/correct', { method: 'POST', headers: { 'x-test-user': 'sliding' } });
    expect(quota(await correct())).toEqual(['2', '1', '4']);
    await sleep(1_200);
    expect(quota(await correct())).toEqual(['2', '0', '3']); // the first one leaves in ~2.8 s
    const rejected = await correct();
    expect([rejected.status, rejected.headers.get('retry-after')]).toEqual([429, '3']);
  });

  it('leaves routes marked @SkipThrottle() unlimited and without rate-limit headers', async () => {
    const { statuses, responses } = await burst(20, () =>
      app.request('/api/v1/rl/unlimited', { headers: { 'x-test-user': 'free' } }),
    );
    expect(statuses).toEqual({ 200: 20 });
    expect(responses[0].headers.get('x-ratelimit-limit')).toBeNull();
  });
});
