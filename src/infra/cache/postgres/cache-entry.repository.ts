import { Injectable } from '@nestjs/common';

import type { Prisma } from '#src/generated/prisma/client.js';
import { PrismaService } from '#src/infra/database/prisma.service.js';

/** A live row of `cache_entries`, as JSON text. */
export interface CacheEntryRow {
  key: string;
  value: string;
}

/**
 * `cache_entries` (Prisma model `CacheEntry`): the PostgreSQL tier's storage. Rows past `expires_at`
 * are dead — never returned, deleted by `pruneExpired` (the sweeper) through the expires_at index.
 */
@Injectable()
export class CacheEntryRepository {
  public constructor(private readonly prisma: PrismaService) {}

  public async findLive(keys: string[], now = new Date()): Promise<CacheEntryRow[]> {
    if (keys.length === 0) return [];
    const rows = await this.prisma.cacheEntry.findMany({
      where: { key: { in: keys }, ...this.live(now) },
      select: { key: true, value: true },
    });
    return rows.map((r) => ({ key: r.key, value: JSON.stringify(r.value) }));
  }

  /** Insert or replace in one statement (no read-then-write race between instances). */
  public async upsert(key: string, jsonText: string, expiresAt: Date | null): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO cache_entries (key, value, expires_at) VALUES (${key}, ${jsonText}::jsonb, ${expiresAt})
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`;
  }

  public async deleteKeys(keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    const { count } = await this.prisma.cacheEntry.deleteMany({ where: { key: { in: keys } } });
    return count;
  }

  /** `starts_with` rather than LIKE: a prefix containing `%` or `_` means itself. */
  public async deleteByPrefix(prefix: string): Promise<number> {
    if (prefix === '') return this.prisma.$executeRaw`DELETE FROM cache_entries`;
    return this.prisma.$executeRaw`DELETE FROM cache_entries WHERE starts_with(key, ${prefix})`;
  }

  public async pruneExpired(now = new Date()): Promise<number> {
    const { count } = await this.prisma.cacheEntry.deleteMany({ where: { expiresAt: { lte: now } } });
    return count;
  }

  private live(now: Date): Prisma.CacheEntryWhereInput {
    return { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
  }
}
