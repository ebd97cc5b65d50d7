import { Injectable } from '@nestjs/common';

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

  public async create(input: {
    userId: string;
    name: string;
    prefix: string;
    keyHash: string;
  }): Promise<ApiKeySummary> {
    return this.prisma.apiKey.create({ data: input, select: SUMMARY });
  }

  public countLive(userId: string): Promise<number> {
    return this.prisma.apiKey.count({ where: { userId, revokedAt: null } });
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
