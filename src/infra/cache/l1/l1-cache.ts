import { LRUCache } from 'lru-cache';

import type { Envelope } from '../envelope.js';
import type { LruStore } from './lru-store.js';

/** How long an invalidation is remembered to veto late fills (far longer than any tier read may take). */
const INVALIDATION_MEMORY_MS = 60_000;

/**
 * The in-process tier: a bounded LRU with a short TTL in front of Redis, for namespaces marked `l1`. It
 * holds decoded envelopes (frozen: every hit shares them), so a hit parses nothing.
 *
 * Other instances' writes reach it through the invalidation bus. A read from Redis that STARTED before
 * an invalidation arrived may still return the old value; `fill` is given the read's start token and
 * drops such a value instead of caching it — so once the bus message has arrived, the old value is
 * never served from here again.
 */
export class L1Cache {
  private sequence = 0;
  /** key → sequence of its last invalidation. */
  private readonly invalidatedKeys = new LRUCache<string, number>({
    max: 50_000,
    ttl: INVALIDATION_MEMORY_MS,
  });
  /** prefix ('' = everything) → sequence of its last invalidation. */
  private readonly invalidatedPrefixes = new LRUCache<string, number>({
    max: 1_000,
    ttl: INVALIDATION_MEMORY_MS,
  });

  public constructor(
    private readonly memory: LruStore<Envelope> | null,
    private readonly ttlMs: number,
  ) {}

  public get enabled(): boolean {
    return this.memory !== null;
  }

  public get size(): number {
    return this.memory?.size ?? 0;
  }

  public get maxEntries(): number {
    return this.memory?.maxEntries ?? 0;
  }

  public read(key: string): Envelope | undefined {
    return this.memory?.read(key);
  }

  /** Token to pass to `fill` for a value about to be read from a slower tier. */
  public beginRead(): number {
    return this.sequence;
  }

  /** Caches a value read elsewhere, unless the key was invalidated since `readToken`. */
  public fill(key: string, value: Envelope, ttlMs: number, readToken: number): void {
    if (!this.memory || this.invalidatedSince(key, readToken)) return;
    this.memory.write(key, value, Math.min(ttlMs, this.ttlMs));
  }

  /** Caches a value this instance just wrote (it is the newest by definition). */
  public write(key: string, value: Envelope, ttlMs: number): void {
    this.memory?.write(key, value, Math.min(ttlMs, this.ttlMs));
  }

  public invalidate(keys: string[]): void {
    this.sequence++;
    for (const key of keys) {
      this.memory?.remove(key);
      this.invalidatedKeys.set(key, this.sequence);
    }
  }

  /** '' drops everything. */
  public invalidatePrefix(prefix: string): void {
    this.sequence++;
    this.memory?.removePrefix(prefix);
    this.invalidatedPrefixes.set(prefix, this.sequence);
  }

  /** True when `key` was invalidated (here, or on another instance via the bus) after `token`. */
  public invalidatedSince(key: string, token: number): boolean {
    if (this.sequence === token) return false;
    if ((this.invalidatedKeys.get(key) ?? -1) > token) return true;
    for (const [prefix, seq] of this.invalidatedPrefixes.entries()) {
      if (seq > token && key.startsWith(prefix)) return true;
    }
    return false;
  }
}
