/**
 * The cache's own event. Features define the events that make their cached values stale, next to their
 * namespace and the listener that deletes the keys (e.g. `settings.cache.ts`).
 */
export const CacheEvents = {
  /** After an admin flush of Redis: every instance drops its in-process copies too. */
  cacheFlushed: 'cache.flushed',
} as const;

export interface CacheFlushedEvent {
  namespace?: string;
  key?: string;
}
