import { Injectable } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import { CacheService } from '#src/infra/cache/cache.service.js';
import { type CacheLookup, NOT_FOUND } from '#src/infra/cache/cache.types.js';
import { Clock } from '#src/infra/time/clock.js';

import { type LiveSession, MAX_LIVENESS_CACHE_MS } from './live-session.js';
import { RevocationTombstones } from './revocation-tombstones.js';
import { SessionRepository } from './session.repository.js';
import { sessionCacheKey } from './sessions.cache.js';

/**
 * Answers "is session X still usable?" for every authenticated request: Redis (`session:` namespace)
 * first, PostgreSQL when Redis misses or is down. Revocation deletes the key, so the next request goes
 * to PostgreSQL and sees `revoked_at`; a revocation tombstone outvotes a "live" copy another instance
 * wrote back from a read that began before the revocation.
 */
@Injectable()
export class SessionLivenessService {
  public constructor(
    private readonly cache: CacheService,
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly tombstones: RevocationTombstones,
  ) {}

  public async findLive(sessionId: string): Promise<LiveSession | undefined> {
    const [lookup, revoked] = await Promise.all([
      this.lookup(sessionId),
      this.tombstones.isMarked(sessionId),
    ]);
    if (revoked || !lookup.found || lookup.value.expiresAt <= this.clock.now().getTime()) return undefined;
    return lookup.value;
  }

  private lookup(sessionId: string): Promise<CacheLookup<LiveSession>> {
    return this.cache.getOrLoad<LiveSession>(
      'session',
      sessionCacheKey(sessionId),
      () => [
        {
          name: 'postgres',
          kind: 'store',
          load: async () =>
            (await this.sessions.findLive(sessionId, this.clock.now(), this.config.auth.sessionIdleTtlMs)) ??
            NOT_FOUND,
        },
      ],
      { ttlMs: MAX_LIVENESS_CACHE_MS },
    );
  }
}
