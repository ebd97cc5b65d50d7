import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import { Clock } from '#src/infra/time/clock.js';

import type { FamilySession, RefreshFamily } from './refresh-family.js';
import { RefreshTokenCrypto } from './refresh-token.crypto.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';

export type RefreshOutcome =
  /** The presented token was the tip (rotated now), or its immediate predecessor within the grace window. */
  | { kind: 'rotated'; session: FamilySession; refreshToken: string }
  /** Unknown, expired, or of an ended session. */
  | { kind: 'rejected' }
  /** An already-rotated token outside the grace rule: the whole session was revoked. */
  | { kind: 'reused'; session: FamilySession };

/**
 * Rotation with reuse detection (RFC 9700 §4.14.2). A session is a token family R1 → R2 → R3 …; only
 * the tip is valid. Presenting any rotated token revokes the family — except the tip's immediate
 * predecessor within AUTH_REFRESH_GRACE_SECONDS of its rotation, which gets the current tip back (two tabs
 * refreshing at once; a response lost on the way). All of it runs under the session's row lock, so
 * concurrent refreshes of one token produce exactly one successor.
 */
@Injectable()
export class RefreshTokenService {
  private readonly graceMs: number;
  private readonly idleMs: number;

  public constructor(
    private readonly tokens: RefreshTokenRepository,
    private readonly crypto: RefreshTokenCrypto,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.graceMs = config.auth.refreshGraceSeconds * 1000;
    this.idleMs = config.auth.sessionIdleTtlMs;
  }

  public async refresh(presented: string): Promise<RefreshOutcome> {
    if (!this.crypto.isWellFormed(presented)) return { kind: 'rejected' };
    const tokenHash = this.crypto.hash(presented);
    const sessionId = await this.tokens.findSessionId(tokenHash);
    if (!sessionId) return { kind: 'rejected' };
    const outcome = await this.tokens.withFamilyLock(sessionId, (family) =>
      this.decide(family, presented, tokenHash),
    );
    return outcome ?? { kind: 'rejected' };
  }

  private async decide(family: RefreshFamily, presented: string, tokenHash: string): Promise<RefreshOutcome> {
    const now = this.clock.now();
    const { session } = family;
    if (session.revokedAt || session.expiresAt <= now) return { kind: 'rejected' };
    if (now.getTime() - session.lastUsedAt.getTime() > this.idleMs) return { kind: 'rejected' };
    const token = await family.token(tokenHash);
    if (!token || token.revokedAt) return { kind: 'rejected' };

    if (!token.successorId) {
      const successorId = randomUUID();
      const refreshToken = this.crypto.successorOf(presented, successorId);
      await family.rotate(token.id, { id: successorId, tokenHash: this.crypto.hash(refreshToken) }, now);
      return { kind: 'rotated', session, refreshToken };
    }

    const successor = await family.tokenById(token.successorId);
    const successorIsTip = successor && !successor.successorId && !successor.revokedAt;
    const withinGrace = token.rotatedAt !== null && now.getTime() - token.rotatedAt.getTime() <= this.graceMs;
    if (successorIsTip && withinGrace) {
      const refreshToken = this.crypto.successorOf(presented, successor.id);
      // Always true unless AUTH_JWT_SECRET changed since the rotation; then fall through to reuse.
      if (this.crypto.hashMatches(refreshToken, successor.tokenHash)) {
        await family.touch(now);
        return { kind: 'rotated', session, refreshToken };
      }
    }
    await family.revoke('refresh-token-reuse', now);
    return { kind: 'reused', session };
  }
}
