/** How one named policy counts: fixed windows are cheap; the sliding log is exact at window boundaries. */
export type RateLimitAlgorithm = 'fixed-window' | 'sliding-window';

export interface RateLimitRule {
  algorithm: RateLimitAlgorithm;
  limit: number;
  windowMs: number;
  /** 0: a rejected client waits for the window to free a slot; > 0: it is locked out this long instead. */
  blockMs: number;
  /** How many requests this one counts as (fixed window only; default 1), e.g. a batch's uncached words. */
  cost?: number;
}

/** The outcome of one check, in milliseconds so rounding to whole seconds happens once, in one place. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Requests counted in the current window, this one included when it was allowed. */
  hits: number;
  /** Until the window (fixed) or its oldest entry (sliding) expires: when `remaining` next goes up. */
  resetMs: number;
  /** Until a rejected client may succeed again; 0 when allowed. */
  retryAfterMs: number;
}

/** One rule to count a request against, under its base key (see `KEY_SUFFIX`). */
export interface RateLimitCheck {
  key: string;
  rule: RateLimitRule;
}

/**
 * One atomic "count this request against `key` and say whether it may pass". Implemented by Redis (one Lua
 * script per call, shared by every instance) and in-process memory (the fallback while Redis is away);
 * both must behave identically — `test/integration/rate-limit/rate-limit-stores.int.spec.ts` holds them to it.
 */
export abstract class RateLimitStore {
  /**
   * Each check counted on its own, all in one atomic step per Redis slot: a request one rule rejects is
   * still counted by the others.
   */
  public abstract checkAll(checks: readonly RateLimitCheck[]): Promise<RateLimitDecision[]>;

  public async check(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    const [decision] = await this.checkAll([{ key, rule }]);
    return decision!;
  }
}

/** Key suffixes, appended after the hash-tagged base key so every key of one check lands in one cluster slot. */
export const KEY_SUFFIX = { counter: ':n', log: ':log', block: ':block' } as const;
