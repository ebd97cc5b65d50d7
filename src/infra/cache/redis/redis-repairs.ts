import type { Invalidation } from '../bus/invalidation-bus.js';
import type { TierGuard } from '../tier-guard.js';
import { chunk, KEY_BATCH } from './redis-keyspace.js';

/** Past this many keys, whole namespaces are repaired instead (bounded memory during a long outage). */
const MAX_KEYS = 10_000;
const RETRY_MS = 1_000;

function split(full: string): { ns: string; rest: string } {
  const i = full.indexOf(':');
  return { ns: full.slice(0, i), rest: full.slice(i + 1) };
}

/**
 * Writes and deletions that Redis missed (tier failed or skipped while its circuit was open). Without
 * this, a value changed during an outage would come back from Redis afterwards — an old setting
 * served for up to its TTL. So the keys are remembered and deleted once Redis is back (when the circuit
 * closes, or a second later after a one-off failure), and the other instances are told to drop their
 * L1 copies. The next read loads the current value.
 */
export class RedisRepairs {
  private readonly keys = new Set<string>();
  private readonly prefixes = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;

  public constructor(
    private readonly redis: TierGuard,
    private readonly announce: (invalidation: Invalidation) => Promise<void>,
  ) {
    redis.onRecovered(() => void this.replay());
  }

  public get pending(): number {
    return this.keys.size + this.prefixes.size;
  }

  public recordKeys(fullKeys: string[]): void {
    for (const key of fullKeys) {
      if (this.keys.size < MAX_KEYS) this.keys.add(key);
      else this.prefixes.add(`${split(key).ns}:`);
    }
    this.schedule();
  }

  public recordPrefix(fullPrefix: string): void {
    this.prefixes.add(fullPrefix);
    this.schedule();
  }

  public stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Deletes what Redis missed; whatever fails again stays queued. */
  public async replay(): Promise<void> {
    if (this.running || this.pending === 0 || !this.redis.available) return;
    this.running = true;
    const prefixes = [...this.prefixes];
    const keys = [...this.keys].filter((k) => !prefixes.some((p) => k.startsWith(p)));
    this.prefixes.clear();
    this.keys.clear();
    try {
      for (const prefix of prefixes) {
        const { ns, rest } = split(prefix);
        const done = await this.redis.attempt(ns, 'repair', (d) => d.clear(prefix));
        if (done.ok) await this.announce({ ns, prefix: rest });
        else this.prefixes.add(prefix);
      }
      for (const batch of chunk(keys, KEY_BATCH)) {
        const done = await this.redis.attempt(split(batch[0]).ns, 'repair', (d) => d.deleteMany(batch));
        if (!done.ok) {
          batch.forEach((k) => this.keys.add(k));
          continue;
        }
        const byNs = Map.groupBy(batch.map(split), (k) => k.ns);
        for (const [ns, list] of byNs) await this.announce({ ns, keys: list.map((k) => k.rest) });
      }
    } finally {
      this.running = false;
      if (this.pending > 0) this.schedule();
    }
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.replay();
    }, RETRY_MS);
    this.timer.unref();
  }
}
