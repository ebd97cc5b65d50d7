import { Injectable } from '@nestjs/common';

import { lockKey } from '#src/infra/database/advisory-lock.js';
import { PrismaService } from '#src/infra/database/prisma.service.js';

import type { UserRole } from '../auth-user.js';

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** What a verified key stands for: cached in the `apikey` namespace under the key's hash. */
export interface ApiKeyOwner {
  keyId: string;
  userId: string;
  email: string;
  role: UserRole;
}

const SUMMARY = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true } as const;

/** `api_keys` in PostgreSQL: hashes only, never a key. */
@Injectable()
export class ApiKeyRepository {
  public constructor(private readonly prisma: PrismaService) {}

  /**
   * Creates the key unless the user has `limit` live keys already (undefined then). Counted and inserted
   * under a lock on the user's keys: 30 concurrent requests used to create 30 keys past a limit of 20.
   */
  public async createUnderLimit(
    input: { userId: string; name: string; prefix: string; keyHash: string },
    limit: number,
  ): Promise<ApiKeySummary | undefined> {
    return this.prisma.$transaction(async (tx) => {
      await lockKey(tx, `api-keys:${input.userId}`);
      if ((await tx.apiKey.count({ where: { userId: input.userId, revokedAt: null } })) >= limit)
        return undefined;
      return tx.apiKey.create({ data: input, select: SUMMARY });
    });
  }

  public listLive(userId: string): Promise<ApiKeySummary[]> {
    return this.prisma.apiKey.findMany({
      where: { userId, revokedAt: null },
      select: SUMMARY,
      orderBy: { createdAt: 'desc' },
    });
  }

  /** Revokes one live key of this user; returns its hash, or undefined when there is none. */
  public async revoke(userId: string, id: string, now: Date): Promise<string | undefined> {
    const [row] = await this.prisma.$queryRaw<{ key_hash: string }[]>`
      UPDATE api_keys SET revoked_at = ${now} WHERE id = ${id}::uuid AND user_id = ${userId}::uuid
        AND revoked_at IS NULL RETURNING key_hash`;
    return row?.key_hash;
  }

  /** The owner of a live key, recording that it was used. */
  public async useLive(keyHash: string, now: Date): Promise<ApiKeyOwner | undefined> {
    const [row] = await this.prisma.$queryRaw<ApiKeyOwner[]>`
      UPDATE api_keys k SET last_used_at = ${now} FROM users u
      WHERE k.key_hash = ${keyHash} AND k.revoked_at IS NULL AND u.id = k.user_id
      RETURNING k.id::text AS "keyId", u.id::text AS "userId", u.email, u.role::text AS role`;
    return row;
  }
}
