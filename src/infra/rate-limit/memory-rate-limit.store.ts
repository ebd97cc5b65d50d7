import {
  type RateLimitCheck,
  type RateLimitDecision,
  type RateLimitRule,
  RateLimitStore,
} from './rate-limit.store.js';

const SWEEP_INTERVAL_MS = 30_000;

interface Counter {
  hits: number;
  expiresAt: number;
}

interface Log {
  /** Admission times, oldest first. */
  times: number[];
  expiresAt: number;
}

/**
 * The in-process twin of the Redis scripts, used while Redis is absent or failing. Same rules, same answers,
 * but counted per instance: with N instances a client may get up to N × limit during an outage.
 * Single-threaded JavaScript makes each check atomic without locks.
 */
export class MemoryRateLimitStore extends RateLimitStore {
  private readonly counters = new Map<string, Counter>();
  private readonly logs = new Map<string, Log>();
  private readonly blocks = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;

  /** `now` is a monotonic millisecond clock (injectable so unit tests can move time). */
  constructor(private readonly now: () => number = () => performance.now()) {
    super();
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  public async checkAll(checks: readonly RateLimitCheck[]): Promise<RateLimitDecision[]> {
    return checks.map(({ key, rule }) => this.checkNow(key, rule));
  }

  /** Synchronous core: no await between reading and writing the state. */
  public checkNow(key: string, rule: RateLimitRule): RateLimitDecision {
    const now = this.now();
    const blockedUntil = this.blocks.get(key);
    if (blockedUntil !== undefined && blockedUntil > now) {
      const wait = blockedUntil - now;
      return { allowed: false, hits: rule.limit + 1, resetMs: wait, retryAfterMs: wait };
    }
    return rule.algorithm === 'sliding-window' ? this.slide(key, rule, now) : this.fix(key, rule, now);
  }

  public dispose(): void {
    clearInterval(this.sweeper);
  }

  private fix(key: string, rule: RateLimitRule, now: number): RateLimitDecision {
    let counter = this.counters.get(key);
    if (!counter || counter.expiresAt <= now) {
      counter = { hits: 0, expiresAt: now + rule.windowMs };
      this.counters.set(key, counter);
    }
    counter.hits += rule.cost ?? 1;
    const ttl = counter.expiresAt - now;
    if (counter.hits <= rule.limit)
      return { allowed: true, hits: counter.hits, resetMs: ttl, retryAfterMs: 0 };
    if (rule.blockMs > 0) return this.block(key, counter.hits, rule.blockMs, now);
    return { allowed: false, hits: counter.hits, resetMs: ttl, retryAfterMs: ttl };
  }

  private slide(key: string, rule: RateLimitRule, now: number): RateLimitDecision {
    const log = this.logs.get(key) ?? { times: [], expiresAt: 0 };
    const { times } = log;
    // Same boundary as the Lua script: an entry at exactly `now - window` has left the window.
    while (times.length > 0 && times[0] <= now - rule.windowMs) times.shift();
    if (times.length < rule.limit) {
      times.push(now);
      log.expiresAt = now + rule.windowMs;
      this.logs.set(key, log);
      return { allowed: true, hits: times.length, resetMs: times[0] + rule.windowMs - now, retryAfterMs: 0 };
    }
    if (rule.blockMs > 0) return this.block(key, times.length + 1, rule.blockMs, now);
    const wait = times[0] + rule.windowMs - now;
    return { allowed: false, hits: times.length + 1, resetMs: wait, retryAfterMs: wait };
  }

  /** Locks the key out and forgets its count, like the scripts: after the block the client starts afresh. */
  private block(key: string, hits: number, blockMs: number, now: number): RateLimitDecision {
    this.blocks.set(key, now + blockMs);
    this.counters.delete(key);
    this.logs.delete(key);
    return { allowed: false, hits, resetMs: blockMs, retryAfterMs: blockMs };
  }

  /** Drops state that can no longer affect a decision, so memory tracks only recently active clients. */
  private sweep(): void {
    const now = this.now();
    for (const [key, counter] of this.counters) if (counter.expiresAt <= now) this.counters.delete(key);
    for (const [key, log] of this.logs) if (log.expiresAt <= now) this.logs.delete(key);
    for (const [key, until] of this.blocks) if (until <= now) this.blocks.delete(key);
  }
}
