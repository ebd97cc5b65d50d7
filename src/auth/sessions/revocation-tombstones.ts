import { Injectable, Logger } from '@nestjs/common';

import { RedisService } from '#src/infra/redis/redis.service.js';

import { MAX_LIVENESS_CACHE_MS } from './live-session.js';

/**
 * Revocation tombstones in Redis: `session-revoked:<sid>`, kept as long as any cached "live" copy of the
 * session may live. Revocation deletes the cached copy, but another instance whose read of PostgreSQL
 * started just before the revocation may write its "live" answer back after that delete; the tombstone
 * outvotes such a copy on every read, so a revoked session is never served as live again.
 */
@Injectable()
export class RevocationTombstones {
  private readonly logger = new Logger(RevocationTombstones.name);

  public constructor(private readonly redis: RedisService) {}

  public async mark(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    await this.redis.orFallback<unknown>(
      // One key per command: on a cluster they live in different slots.
      (client) =>
        Promise.all(sessionIds.map((id) => client.set(this.keyOf(id), '1', 'PX', MAX_LIVENESS_CACHE_MS))),
      (err) => {
        // Redis is down: so is the cached copy it would outvote (reads go to PostgreSQL).
        if (err)
          this.logger.warn(
            { err: (err as Error).message, sessions: sessionIds.length },
            'revocation tombstones not written',
          );
      },
    );
  }

  /**
   * Read beside the cached liveness (in the same write: `batchWritesPerTurn`), so it costs no extra round
   * trip. While Redis is being skipped the cached copy is not read either (liveness comes from PostgreSQL),
   * so there is nothing to outvote.
   */
  public isMarked(sessionId: string): Promise<boolean> {
    return this.redis.orFallback(
      async (client) => (await client.exists(this.keyOf(sessionId))) === 1,
      () => false,
    );
  }

  private keyOf(sessionId: string): string {
    return `${this.redis.keyPrefix}session-revoked:${sessionId}`;
  }
}
