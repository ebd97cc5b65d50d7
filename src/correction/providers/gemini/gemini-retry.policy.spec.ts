import { describe, expect, it } from 'vitest';

import {
  GeminiHttpError,
  GeminiTimeoutError,
  retryDelayFromErrorBody,
} from '#src/infra/gemini/gemini.errors.js';
import { CircuitOpenError } from '#src/infra/resilience/circuit-breaker.js';

import { GeminiRetryPolicy, type RetryHooks } from './gemini-retry.policy.js';

/** A virtual clock: sleeping advances it, so deadlines are exact and tests take no time. */
function hooks(random = 0.5): RetryHooks & { slept: number[]; time: number } {
  const h = {
    time: 0,
    slept: [] as number[],
    now: () => h.time,
    random: () => random,
    sleep: async (ms: number) => {
      h.slept.push(ms);
      h.time += ms;
    },
  };
  return h;
}

function failing(errors: unknown[], clock: { time: number }, costMs = 0) {
  const timeouts: number[] = [];
  return {
    timeouts,
    attempt: async (timeoutMs: number) => {
      timeouts.push(timeoutMs);
      clock.time += costMs;
      const err = errors.shift();
      if (err) throw err;
      return 'ok';
    },
  };
}

const settings = { maxRetries: 2, attemptTimeoutMs: 1_000, deadlineMs: 2_000 };

describe('GeminiRetryPolicy', () => {
  it('retries 5xx with exponential backoff and full jitter', async () => {
    const h = hooks(0.5);
    const f = failing([new GeminiHttpError(500, 'x'), new GeminiHttpError(503, 'x')], h);
    expect(await new GeminiRetryPolicy(settings, h).run(f.attempt)).toBe('ok');
    expect(h.slept).toEqual([100, 200]); // 0.5 × 200, 0.5 × 400
  });

  it('waits the RetryInfo hint of a 429 (plus a little jitter) instead of its own backoff', async () => {
    const h = hooks(0.5);
    const f = failing([new GeminiHttpError(429, 'x', 700)], h);
    await new GeminiRetryPolicy(settings, h).run(f.attempt);
    expect(h.slept).toEqual([750]);
  });

  it('gives up at once when the hint is longer than it will wait or than the deadline allows', async () => {
    const h = hooks();
    const long = new GeminiHttpError(429, 'x', 17_000);
    await expect(new GeminiRetryPolicy(settings, h).run(failing([long], h).attempt)).rejects.toBe(long);
    const beyondDeadline = new GeminiHttpError(429, 'x', 1_950);
    await expect(new GeminiRetryPolicy(settings, h).run(failing([beyondDeadline], h).attempt)).rejects.toBe(
      beyondDeadline,
    );
    expect(h.slept).toEqual([]);
  });

  it('never retries a 400, an open circuit, or past GEMINI_MAX_RETRIES', async () => {
    const h = hooks();
    for (const err of [new GeminiHttpError(400, 'bad'), new CircuitOpenError('gemini', 1_000)]) {
      const f = failing([err], h);
      await expect(new GeminiRetryPolicy(settings, h).run(f.attempt)).rejects.toBe(err);
      expect(f.timeouts).toHaveLength(1);
    }
    const errors = [1, 2, 3, 4].map(() => new GeminiHttpError(500, 'x'));
    const f = failing([...errors], h);
    await expect(new GeminiRetryPolicy(settings, h).run(f.attempt)).rejects.toBe(errors[2]);
    expect(f.timeouts).toHaveLength(3);
  });

  it('bounds the whole sequence by the deadline: a retry after a timeout gets only the time left', async () => {
    const h = hooks(0);
    const f = failing([new GeminiTimeoutError(1_000), new GeminiTimeoutError(1_000)], h, 1_000);
    await expect(
      new GeminiRetryPolicy({ ...settings, deadlineMs: 1_500 }, h).run(f.attempt),
    ).rejects.toBeInstanceOf(GeminiTimeoutError);
    expect(f.timeouts).toEqual([1_000, 500]);
    expect(h.time).toBe(2_000);
  });

  it('reads the retry hint from a Google error body', () => {
    expect(
      retryDelayFromErrorBody(
        '{"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"17s"}]}}',
      ),
    ).toBe(17_000);
    expect(retryDelayFromErrorBody('{"retryDelay": "1.5s"}')).toBe(1_500);
    expect(retryDelayFromErrorBody('{"error":{"code":500}}')).toBeUndefined();
  });
});
