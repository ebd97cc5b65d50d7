import { Injectable } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import { CacheKeys } from '#src/infra/cache/cache.namespaces.js';
import { CacheService } from '#src/infra/cache/cache.service.js';
import { NOT_FOUND } from '#src/infra/cache/cache.types.js';

import { Clock } from '../clock.js';
import type { LiveSession } from './live-session.js';
import { SessionRepository } from './session.repository.js';

/** Longest a "live" answer stays in Redis: bounds the damage of a revocation whose cache delete was lost. */
const MAX_CACHE_MS = 5 * 60_000;

/**
 * Answers "is session X still usable?" for every authenticated request: Redis (`session:` namespace)
 * first, PostgreSQL when Redis misses or is down. Revocation deletes the key, so the next request goes
 * to PostgreSQL and sees `revoked_at`.
 */
@Injectable()
export class SessionLivenessService {
  public constructor(
    private readonly cache: CacheService,
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  public async findLive(sessionId: string): Promise<LiveSession | undefined> {
    const lookup = await this.cache.getOrLoad<LiveSession>(
      'session',
      CacheKeys.session(sessionId),
      [
        {
          name: 'postgres',
          kind: 'store',
          load: async () =>
            (await this.sessions.findLive(sessionId, this.clock.now(), this.config.auth.sessionIdleTtlMs)) ??
            NOT_FOUND,
        },
      ],
      { ttlMs: MAX_CACHE_MS },
    );
    if (!lookup.found || lookup.value.expiresAt <= this.clock.now().getTime()) return undefined;
    return lookup.value;
  }
}
