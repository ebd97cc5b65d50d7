import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { Logger } from '@nestjs/common';

import type { RedisClient } from '#src/infra/redis/redis.connection.js';
import type { RedisHealth } from '#src/infra/redis/redis-health.js';

/** Deletes the lock only if it still holds our token: an expired-and-retaken lock is not ours to free. */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface ExclusiveOptions {
  ttlMs: number;
  waitMs: number;
  pollMs: number;
}

type Acquired = { status: 'acquired'; token: string };
type Attempt = Acquired | { status: 'busy' } | { status: 'unavailable' };

/**
 * Cross-instance mutual exclusion for expensive loads: `SET key token NX PX ttl`, released by a
 * compare-and-delete script. The key is `${REDIS_KEY_PREFIX}lock:{<name>}` — one key, hash-tagged so it
 * is cluster-safe whatever the name.
 *
 * Never a hard dependency: without Redis (or with the circuit open) the caller just loads itself; a
 * waiter polls for the holder's result and, past `waitMs`, loads itself rather than hang.
 */
export class DistributedLock {
  private readonly logger = new Logger(DistributedLock.name);

  public constructor(
    private readonly client: RedisClient | null,
    private readonly prefix: string,
    private readonly health: RedisHealth | null,
  ) {}

  /**
   * Runs `load` while holding the lock named `name`. `recheck` looks for a result another instance
   * produced (called after acquiring, and on every poll while waiting); its non-undefined answer is
   * returned instead of loading.
   */
  public async runExclusive<R>(
    name: string,
    options: ExclusiveOptions,
    recheck: () => Promise<R | undefined>,
    load: () => Promise<R>,
  ): Promise<R> {
    // Monotonic clock: a wall-clock jump must not end (or stretch) the wait.
    const deadline = performance.now() + options.waitMs;
    for (;;) {
      const attempt = await this.tryAcquire(name, options.ttlMs);
      if (attempt.status === 'unavailable') return load();
      if (attempt.status === 'acquired') {
        try {
          return (await recheck()) ?? (await load());
        } finally {
          await this.release(name, attempt.token);
        }
      }
      await sleep(options.pollMs);
      const found = await recheck();
      if (found !== undefined) return found;
      if (performance.now() >= deadline) {
        this.logger.warn({ lock: name, waitedMs: options.waitMs }, 'lock wait timed out; loading without it');
        return load();
      }
    }
  }

  private key(name: string): string {
    return `${this.prefix}lock:{${name}}`;
  }

  private async tryAcquire(name: string, ttlMs: number): Promise<Attempt> {
    if (!this.client || this.health?.skipping) return { status: 'unavailable' };
    const token = randomUUID();
    try {
      const ok = await this.client.set(this.key(name), token, 'PX', ttlMs, 'NX');
      this.health?.succeeded();
      return ok === 'OK' ? { status: 'acquired', token } : { status: 'busy' };
    } catch (err) {
      this.health?.failed();
      this.logger.warn({ lock: name, err: (err as Error).message }, 'lock unavailable; loading without it');
      return { status: 'unavailable' };
    }
  }

  private async release(name: string, token: string): Promise<void> {
    if (!this.client) return;
    try {
      await this.client.eval(RELEASE_SCRIPT, 1, this.key(name), token);
    } catch (err) {
      // The lease expires by itself; waiters meanwhile poll and time out.
      this.logger.warn({ lock: name, err: (err as Error).message }, 'lock release failed');
    }
  }
}
