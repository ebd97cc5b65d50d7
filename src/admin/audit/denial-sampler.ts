import { LRUCache } from 'lru-cache';

/** Refused attempts recorded per account and minute (per instance); the rest are only logged. */
export const DENIALS_PER_MINUTE = 20;
const WINDOW_MS = 60_000;

/**
 * Bounds how many refused attempts of one account are written to the audit log: refusals happen before
 * rate limiting, so without this a user could grow the table as fast as they can send requests.
 */
export class DenialSampler {
  /** account → its current window (bounded: the least recently refused accounts are forgotten first). */
  private readonly windows = new LRUCache<string, { startedAt: number; count: number }>({ max: 10_000 });

  public constructor(
    private readonly perMinute = DENIALS_PER_MINUTE,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when this refusal should be recorded. */
  public admit(actorId: string): boolean {
    const now = this.now();
    let window = this.windows.get(actorId);
    // The window starts at the first refusal; later ones do not extend it.
    if (!window || now - window.startedAt >= WINDOW_MS)
      this.windows.set(actorId, (window = { startedAt: now, count: 0 }));
    if (window.count >= this.perMinute) return false;
    window.count++;
    return true;
  }
}
