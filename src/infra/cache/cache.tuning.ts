/**
 * Timings of the cache's resilience machinery. Defaults suit production; tests shorten them. Not
 * environment variables on purpose: they are engineering constants, not deployment choices.
 */
export class CacheTuning {
  /** Distributed lock lease: longer than the slowest loader it guards (Gemini with retries). */
  public lockTtlMs = 30_000;
  /**
   * How long a waiter polls for another instance's result before loading itself. Longer than the
   * correction module's whole Gemini budget (2 × GEMINI_TIMEOUT_MS = 16 s by default), or a slow answer
   * would be paid for twice; shorter than the lease.
   */
  public lockWaitMs = 20_000;
  /** Poll interval of a lock waiter (re-reads Redis, retries the lock). */
  public lockPollMs = 50;
  /** After a failed background refresh, serve the stale value without retrying for this long. */
  public refreshBackoffMs = 5_000;

  public static with(overrides: Partial<CacheTuning>): CacheTuning {
    return Object.assign(new CacheTuning(), overrides);
  }
}
