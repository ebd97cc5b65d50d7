import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

import { Clock } from '#src/infra/time/clock.js';

import { RevocationTombstones } from './revocation-tombstones.js';
import { SessionRepository } from './session.repository.js';
import type { RevocationReason } from './session.types.js';
import { SessionEvents, type SessionRevokedEvent } from './sessions.cache.js';

/**
 * Ends sessions: marks them revoked in PostgreSQL, then makes every instance forget their cached
 * liveness before the response goes out, so their access tokens fail on the very next request.
 */
@Injectable()
export class SessionRevoker {
  public constructor(
    private readonly sessions: SessionRepository,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
    private readonly tombstones: RevocationTombstones,
  ) {}

  /** false when the user has no such live session. */
  public async revokeOne(userId: string, sessionId: string, reason: RevocationReason): Promise<boolean> {
    const revoked = await this.sessions.revoke(userId, sessionId, reason, this.clock.now());
    if (revoked) await this.announce(userId, [sessionId]);
    return revoked;
  }

  /** Every live session of the user, except `keep` when given. */
  public async revokeAll(userId: string, reason: RevocationReason, keep?: string): Promise<string[]> {
    const ids = await this.sessions.revokeAll(userId, reason, this.clock.now(), keep);
    await this.announce(userId, ids);
    return ids;
  }

  /**
   * `session.revoked` is the one signal: `SessionsCacheInvalidation` maps it to deleting the sessions'
   * `session:` keys on every instance. `emitAsync` waits for that deletion, so the response (and the
   * client's next request) comes after it.
   */
  public async announce(userId: string, sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    // Tombstones first: from here on no cached "live" copy counts, even one written back afterwards.
    await this.tombstones.mark(sessionIds);
    const event: SessionRevokedEvent = { userId, sessionIds };
    await this.events.emitAsync(SessionEvents.revoked, event);
  }
}
