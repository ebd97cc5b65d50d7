import { setTimeout as sleep } from 'node:timers/promises';

import { GeminiHttpError, GeminiTimeoutError } from '#src/infra/gemini/gemini.errors.js';

export interface RetrySettings {
  /** Retries after the first attempt (`GEMINI_MAX_RETRIES`). */
  maxRetries: number;
  /** Per attempt (`GEMINI_TIMEOUT_MS`). */
  attemptTimeoutMs: number;
  /** All attempts and waits together; past it the caller falls back instead of retrying. */
  deadlineMs: number;
  /** First backoff step; doubles per retry, full jitter. */
  baseDelayMs?: number;
  maxBackoffMs?: number;
  /** A server hint ("retry in 17 s") longer than this is not waited for: the caller falls back now. */
  maxHintMs?: number;
}

export interface RetryHooks {
  sleep(ms: number): Promise<unknown>;
  random(): number;
  now(): number;
}

const realHooks: RetryHooks = { sleep: (ms) => sleep(ms), random: Math.random, now: Date.now };

/**
 * When to try Gemini again: on 429, 408, 5xx, timeouts and network errors; never on other 4xx or an open
 * circuit. The wait is the server's RetryInfo hint when it gave one (plus a little jitter so instances do
 * not return in lockstep), otherwise exponential backoff with full jitter. Every attempt and wait must fit
 * in the deadline, so a request spends at most `deadlineMs` on Gemini before the local fallback answers.
 */
export class GeminiRetryPolicy {
  private readonly base: number;
  private readonly maxBackoff: number;
  private readonly maxHint: number;

  public constructor(
    private readonly settings: RetrySettings,
    private readonly hooks: RetryHooks = realHooks,
  ) {
    this.base = settings.baseDelayMs ?? 200;
    this.maxBackoff = settings.maxBackoffMs ?? 2_000;
    this.maxHint = settings.maxHintMs ?? 5_000;
  }

  /** Runs `attempt(timeoutMs)` until it succeeds or retrying is pointless; rethrows the last error. */
  public async run<T>(
    attempt: (timeoutMs: number) => Promise<T>,
    onRetry?: (err: unknown, delayMs: number) => void,
  ): Promise<T> {
    const deadline = this.hooks.now() + this.settings.deadlineMs;
    const minAttemptMs = Math.min(100, this.settings.attemptTimeoutMs / 2);
    for (let retry = 0; ; retry++) {
      const remaining = deadline - this.hooks.now();
      try {
        return await attempt(Math.max(1, Math.min(this.settings.attemptTimeoutMs, remaining)));
      } catch (err) {
        if (retry >= this.settings.maxRetries || !isRetryable(err)) throw err;
        const delay = this.delayFor(err, retry);
        if (delay === null || this.hooks.now() + delay + minAttemptMs > deadline) throw err;
        onRetry?.(err, delay);
        await this.hooks.sleep(delay);
      }
    }
  }

  /** ms to wait before retry number `retry + 1`, or null when the server asked for longer than we wait. */
  public delayFor(err: unknown, retry: number): number | null {
    const hint = err instanceof GeminiHttpError ? err.retryDelayMs : undefined;
    if (hint !== undefined) return hint > this.maxHint ? null : hint + Math.round(this.hooks.random() * 100);
    return Math.round(this.hooks.random() * Math.min(this.maxBackoff, this.base * 2 ** retry));
  }
}

export function isRetryable(err: unknown): boolean {
  if (err instanceof GeminiHttpError) return err.retryable;
  if (err instanceof GeminiTimeoutError) return true;
  // undici: `TypeError: fetch failed` with a cause (ECONNREFUSED, ECONNRESET, socket closed…).
  return err instanceof TypeError && /fetch failed|terminated|socket/i.test(err.message);
}
