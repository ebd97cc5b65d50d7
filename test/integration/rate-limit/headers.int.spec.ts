import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import {
  burst,
  type RateLimitTestApp,
  sleep,
  startRateLimitApp,
  type Timed,
  timed,
} from './rate-limit-test-app.js';

/**
 * The whole seconds (rounded up) that may be left of `durationMs` started by `from`, as seen by `at`: each
 * request was decided somewhere between being sent and answered, so a range — one value on an idle machine.
 */
function secondsLeft(durationMs: number, from: Timed, at: Timed): number[] {
  const low = Math.ceil((from.sentAt + durationMs - at.answeredAt) / 1_000);
  const high = Math.ceil((from.answeredAt + durationMs - at.sentAt) / 1_000);
  return Array.from({ length: high - low + 1 }, (_, i) => low + i);
}

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

  it('rejects with a problem and a Retry-After that is safe to honour, and no longer than needed', async () => {
    for (let i = 0; i < 3; i++) await get('retry');
    const rejected = await get('retry');
    const answeredAt = performance.now();
    expect(rejected.status).toBe(429);
    expect(rejected.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(rejected.headers.get('retry-after'));
    expect([1, 2, 3]).toContain(retryAfter); // whole seconds left of the 3 s window, rounded up (3 unless slow)
    expect(quota(rejected)).toEqual(['3', '0', String(retryAfter)]);
    expect(await rejected.json()).toMatchObject({
      type: 'https://prosepolish.dev/problems/rate-limited',
      status: 429,
      retryAfter,
      instance: '/api/v1/rl/default',
    });

    // The window ends within the last of those seconds: still closed well before it…
    if (retryAfter > 1) {
      await sleep((retryAfter - 1) * 1_000 - 400 - (performance.now() - answeredAt));
      expect((await get('retry')).status).toBe(429);
    }
    // …and open once they have passed.
    await sleep(retryAfter * 1_000 + 50 - (performance.now() - answeredAt));
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
    const rejected = await timed(login);
    expect(rejected.res.status).toBe(429);
    expect(rejected.res.headers.get('retry-after')).toBe('7'); // the block, not the 60 s window
    expect(quota(rejected.res)).toEqual(['2', '0', '7']);
    // A moment later ~6.99 s are left: rounded up that is still 7 (rounding down would promise 6).
    const again = await timed(login);
    expect(again.res.status).toBe(429);
    expect(secondsLeft(7_000, rejected, again)).toContain(Number(again.res.headers.get('retry-after')));
    expect(app.metrics.snapshot().rejectionsByPolicy['auth-email']).toBeGreaterThanOrEqual(1);
  });

  it('on the sliding window, Reset and Retry-After count to the moment the oldest request leaves', async () => {
    const correct = () =>
      app.request('/api/v1/rl/correct', { method: 'POST', headers: { 'x-test-user': 'sliding' } });
    const first = await timed(correct);
    expect(quota(first.res)).toEqual(['2', '1', '4']);
    await sleep(1_200);
    // The first request leaves the 4 s window ~2.8 s from now: both headers count to that moment.
    const second = await timed(correct);
    expect(quota(second.res).slice(0, 2)).toEqual(['2', '0']);
    expect(secondsLeft(4_000, first, second)).toContain(Number(second.res.headers.get('x-ratelimit-reset')));
    const rejected = await timed(correct);
    expect(rejected.res.status).toBe(429);
    expect(secondsLeft(4_000, first, rejected)).toContain(Number(rejected.res.headers.get('retry-after')));
  });

  it('leaves routes marked @SkipThrottle() unlimited and without rate-limit headers', async () => {
    const { statuses, responses } = await burst(20, () =>
      app.request('/api/v1/rl/unlimited', { headers: { 'x-test-user': 'free' } }),
    );
    expect(statuses).toEqual({ 200: 20 });
    expect(responses[0].headers.get('x-ratelimit-limit')).toBeNull();
  });
});
