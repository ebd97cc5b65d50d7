import { Injectable } from '@nestjs/common';

import { PrismaService } from '#src/infra/database/prisma.service.js';

import type { LiveSession } from './live-session.js';
import type { ClientInfo, RevocationReason, SessionSummary } from './session.types.js';

const SUMMARY_FIELDS = { id: true, userAgent: true, ip: true, createdAt: true, lastUsedAt: true } as const;

/** Sessions in PostgreSQL (the source of truth for liveness; Redis only caches it). */
@Injectable()
export class SessionRepository {
  public constructor(private readonly prisma: PrismaService) {}

  /** A new session (refresh-token family) with its first token, in one statement. */
  public async create(input: {
    userId: string;
    client: ClientInfo;
    expiresAt: Date;
    firstTokenHash: string;
    now: Date;
  }): Promise<string> {
    const { id } = await this.prisma.session.create({
      data: {
        userId: input.userId,
        ip: input.client.ip,
        userAgent: input.client.userAgent,
        createdAt: input.now,
        lastUsedAt: input.now,
        expiresAt: input.expiresAt,
        refreshTokens: {
          create: { tokenHash: input.firstTokenHash, createdAt: input.now, expiresAt: input.expiresAt },
        },
      },
      select: { id: true },
    });
    return id;
  }

  /** The session if it is neither revoked, expired, nor idle (no refresh) for longer than `idleMs`. */
  public async findLive(sessionId: string, now: Date, idleMs: number): Promise<LiveSession | undefined> {
    const row = await this.prisma.session.findFirst({
      where: {
        id: sessionId,
        revokedAt: null,
        expiresAt: { gt: now },
        lastUsedAt: { gt: new Date(now.getTime() - idleMs) },
      },
      select: {
        userId: true,
        expiresAt: true,
        lastUsedAt: true,
        user: { select: { email: true, role: true } },
      },
    });
    if (!row) return undefined;
    return {
      userId: row.userId,
      email: row.user.email,
      role: row.user.role,
      expiresAt: Math.min(row.expiresAt.getTime(), row.lastUsedAt.getTime() + idleMs),
    };
  }

  public async listLive(userId: string, now: Date): Promise<SessionSummary[]> {
    return this.prisma.session.findMany({
      where: { userId, revokedAt: null, expiresAt: { gt: now } },
      select: SUMMARY_FIELDS,
      orderBy: [{ lastUsedAt: 'desc' }, { createdAt: 'desc' }],
    });
  }

  /** Revokes one live session of this user; false when there is none (unknown, someone else's, or already ended). */
  public async revoke(
    userId: string,
    sessionId: string,
    reason: RevocationReason,
    now: Date,
  ): Promise<boolean> {
    const { count } = await this.prisma.session.updateMany({
      where: { id: sessionId, userId, revokedAt: null },
      data: { revokedAt: now, revokedReason: reason },
    });
    return count === 1;
  }

  /** Revokes every live session of the user (but `keep`, when given); returns the ids it revoked. */
  public async revokeAll(
    userId: string,
    reason: RevocationReason,
    now: Date,
    keep?: string,
  ): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE sessions SET revoked_at = ${now}, revoked_reason = ${reason}
      WHERE user_id = ${userId}::uuid AND revoked_at IS NULL AND (${keep ?? null}::uuid IS NULL OR id <> ${keep ?? null}::uuid)
      RETURNING id::text AS id`;
    return rows.map((r) => r.id);
  }

  /** Deletes sessions (and, by cascade, their tokens) that ended before the given times; returns how many. */
  public async deleteEnded(expiredBefore: Date, revokedBefore: Date): Promise<number> {
    const { count } = await this.prisma.session.deleteMany({
      where: { OR: [{ expiresAt: { lt: expiredBefore } }, { revokedAt: { lt: revokedBefore } }] },
    });
    return count;
  }
}
