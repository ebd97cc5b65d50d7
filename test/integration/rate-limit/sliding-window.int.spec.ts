import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import { burst, type RateLimitTestApp, sleep, startRateLimitApp } from './rate-limit-test-app.js';

const LIMIT = 5;
const WINDOW_MS = 2_000;

/** Sends one request every `everyMs` for `forMs`, recording when each left and when its answer came back. */
async function hammer(send: () => Promise<Response>, everyMs: number, forMs: number) {
  const shots: Promise<{ sentAt: number; answeredAt: number; status: number }>[] = [];
  const start = performance.now();
  while (performance.now() - start < forMs) {
    const sentAt = performance.now();
    shots.push(
      send().then(
        async (r) => (await r.arrayBuffer(), { sentAt, answeredAt: performance.now(), status: r.status }),
      ),
    );
    await sleep(everyMs);
  }
  return Promise.all(shots);
}

// Both policies allow 5 requests per 2 s: `llm` as an exact sliding log, `default` as a fixed window.
// Concurrent tests (separate users) to keep the file's wall time near one stream's 4.6 s.
describe.concurrent('exact sliding window for /llm/correct (real Redis, 2 s window)', () => {
  const prefix = uniqueKeyPrefix();
  let app: RateLimitTestApp;

  beforeAll(async () => {
    app = await startRateLimitApp({
      REDIS_KEY_PREFIX: prefix,
      RATE_LIMIT_LLM_LIMIT: String(LIMIT),
      RATE_LIMIT_LLM_WINDOW_SECONDS: String(WINDOW_MS / 1_000),
      RATE_LIMIT_DEFAULT_LIMIT: String(LIMIT),
      RATE_LIMIT_DEFAULT_TTL_SECONDS: String(WINDOW_MS / 1_000),
    });
  });
  afterAll(async () => {
    await app?.close();
    await deleteKeysWithPrefix(prefix);
  });

  const correct = (user: string) => () =>
    app.request('/api/v1/rl/correct', { method: 'POST', headers: { 'x-test-user': user } });
  const fixed = (user: string) => () =>
    app.request('/api/v1/rl/default', { headers: { 'x-test-user': user } });

  it('admits no burst across a window edge, where the fixed window admits twice the limit', async () => {
    // One request at t0, a burst half a window later, another just after the window's edge: 5 + 5 within
    // ~1.3 s. The margins (1 s before the edge, 300 ms after the first answer + window, 700 ms before the
    // first burst leaves a sliding window) absorb the stalls of a loaded machine.
    const scenario = async (send: () => Promise<Response>) => {
      const t0 = performance.now();
      const first = await send();
      const answered = performance.now();
      let admitted = first.status === 200 ? 1 : 0;
      await sleep(t0 + WINDOW_MS / 2 - performance.now());
      admitted += (await burst(10, send)).statuses[200] ?? 0;
      await sleep(answered + WINDOW_MS + 300 - performance.now());
      admitted += (await burst(10, send)).statuses[200] ?? 0;
      return admitted;
    };
    const [sliding, fixedWindow] = await Promise.all([scenario(correct('edge')), scenario(fixed('edge'))]);
    expect(fixedWindow).toBe(2 * LIMIT); // the weakness of fixed windows: 10 requests within ~1.3 s
    expect(sliding).toBe(LIMIT + 1); // 5, then only the slot freed by the t0 request
  });

  it('under a steady stream, no window-length interval holds more than the limit, and the limit is used', async () => {
    const shots = await hammer(correct('stream'), 40, 2 * WINDOW_MS + 600);
    const admitted = shots.filter((s) => s.status === 200).sort((x, y) => x.sentAt - y.sentAt);
    expect(shots.every((s) => s.status === 200 || s.status === 429)).toBe(true);

    // The server admitted each request somewhere between sending and answering. Any LIMIT + 1 admitted
    // requests that all fit, send to answer, inside one window prove a violation.
    for (let i = 0; i + LIMIT < admitted.length; i++) {
      const group = admitted.slice(i, i + LIMIT + 1);
      const span = Math.max(...group.map((s) => s.answeredAt)) - Math.min(...group.map((s) => s.sentAt));
      expect(span, `admissions ${i}..${i + LIMIT}`).toBeGreaterThanOrEqual(WINDOW_MS);
    }
    // 4.6 s of demand spans three windows' starts (~0 s, ~2 s, ~4 s): no more than 5 × 3 admitted, and the
    // second window's 5 at least — logging rejected requests would starve the client after the first 5
    // (15 on an idle machine; the bound leaves room for a loaded one).
    expect(admitted.length).toBeLessThanOrEqual(3 * LIMIT);
    expect(admitted.length).toBeGreaterThanOrEqual(2 * LIMIT);
  });
});
