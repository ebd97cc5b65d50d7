import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { CacheService } from '#src/infra/cache/cache.service.js';
import type { NamespaceOptions } from '#src/infra/cache/cache.types.js';
import { keySegment } from '#src/infra/cache/cache-keys.js';

/**
 * Session liveness, checked on every authenticated request. No L1, so a revocation is seen at once on
 * every instance; the admin flush asks for `?confirm=session` before dropping it.
 */
export const SESSIONS_CACHE: NamespaceOptions = { name: 'session', ttlMs: 7 * 24 * 60 * 60_000, l1: false };

export const sessionCacheKey = (sessionId: string): string => keySegment(sessionId);

export const SessionEvents = { revoked: 'session.revoked' } as const;

export interface SessionRevokedEvent {
  userId: string;
  sessionIds: string[];
}

/** `session.revoked` → the sessions' keys, deleted on every instance before the revoking request answers. */
@Injectable()
export class SessionsCacheInvalidation {
  public constructor(private readonly cache: CacheService) {}

  @OnEvent(SessionEvents.revoked)
  public onSessionRevoked(event: SessionRevokedEvent): Promise<void> {
    return this.cache.deleteMany(SESSIONS_CACHE.name, event.sessionIds.map(sessionCacheKey));
  }
}
