import { Injectable } from '@nestjs/common';

import type { Prisma } from '#src/generated/prisma/client.js';
import { PrismaService } from '#src/infra/database/prisma.service.js';

import type { FamilySession, RefreshFamily, StoredRefreshToken } from './refresh-family.js';

const TOKEN_FIELDS = {
  id: true,
  tokenHash: true,
  successorId: true,
  rotatedAt: true,
  revokedAt: true,
} as const;

/** Refresh tokens (hashes only) in PostgreSQL, the source of truth for rotation and reuse. */
@Injectable()
export class RefreshTokenRepository {
  public constructor(private readonly prisma: PrismaService) {}

  public async findSessionId(tokenHash: string): Promise<string | undefined> {
    const row = await this.prisma.refreshToken.findUnique({
      where: { tokenHash },
      select: { sessionId: true },
    });
    return row?.sessionId;
  }

  /**
   * Runs `work` in a transaction holding `SELECT … FOR UPDATE` on the session row. Returns undefined when
   * the session is gone. Whatever `work` returns is committed; throwing rolls back.
   */
  public async withFamilyLock<T>(
    sessionId: string,
    work: (family: RefreshFamily) => Promise<T>,
  ): Promise<T | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<FamilySession[]>`
        SELECT s.id::text AS id, s.user_id::text AS "userId", u.role::text AS role,
               s.expires_at AS "expiresAt", s.revoked_at AS "revokedAt", s.last_used_at AS "lastUsedAt"
        FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = ${sessionId}::uuid
        FOR UPDATE OF s`;
      if (rows.length === 0) return undefined;
      return work(new PrismaRefreshFamily(tx, rows[0]));
    });
  }
}

class PrismaRefreshFamily implements RefreshFamily {
  public constructor(
    private readonly tx: Prisma.TransactionClient,
    public readonly session: FamilySession,
  ) {}

  public async token(tokenHash: string): Promise<StoredRefreshToken | undefined> {
    return (
      (await this.tx.refreshToken.findFirst({
        where: { tokenHash, sessionId: this.session.id },
        select: TOKEN_FIELDS,
      })) ?? undefined
    );
  }

  public async tokenById(id: string): Promise<StoredRefreshToken | undefined> {
    return (
      (await this.tx.refreshToken.findFirst({
        where: { id, sessionId: this.session.id },
        select: TOKEN_FIELDS,
      })) ?? undefined
    );
  }

  public async rotate(
    parentId: string,
    successor: { id: string; tokenHash: string },
    now: Date,
  ): Promise<void> {
    await this.tx.refreshToken.create({
      data: {
        ...successor,
        sessionId: this.session.id,
        parentId,
        createdAt: now,
        expiresAt: this.session.expiresAt,
      },
    });
    await this.tx.refreshToken.update({
      where: { id: parentId },
      data: { successorId: successor.id, rotatedAt: now },
    });
    await this.touch(now);
  }

  public async touch(now: Date): Promise<void> {
    await this.tx.session.update({ where: { id: this.session.id }, data: { lastUsedAt: now } });
  }

  public async revoke(reason: string, now: Date): Promise<void> {
    await this.tx.session.update({
      where: { id: this.session.id },
      data: { revokedAt: now, revokedReason: reason },
    });
    await this.tx.refreshToken.updateMany({
      where: { sessionId: this.session.id, revokedAt: null },
      data: { revokedAt: now },
    });
  }
}
