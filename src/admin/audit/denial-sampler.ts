import { LRUCache } from 'lru-cache';

/** Refused attempts recorded per account and minute (per instance); the rest are only logged. */
export const DENIALS_PER_MINUTE = 20;

/**
 * Bounds how many refused attempts of one account are written to the audit log: refusals happen before
 * rate limiting, so without this a user could grow the table as fast as they can send requests.
 */
export class DenialSampler {
  private readonly counts = new LRUCache<string, number>({ max: 10_000, ttl: 60_000, ttlAutopurge: false });

  public constructor(private readonly perMinute = DENIALS_PER_MINUTE) {}

  /** True when this refusal should be recorded. */
  public admit(actorId: string): boolean {
    const seen = this.counts.get(actorId) ?? 0;
    if (seen >= this.perMinute) return false;
    // The window starts at the first refusal (the TTL is not reset by later ones).
    this.counts.set(actorId, seen + 1, { noUpdateTTL: seen > 0 });
    return true;
  }
}
