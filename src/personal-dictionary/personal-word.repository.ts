import { Injectable } from '@nestjs/common';

import { lockKey } from '#src/infra/database/advisory-lock.js';
import { PrismaService } from '#src/infra/database/prisma.service.js';

/** `personal_words` in PostgreSQL: one row per (user, word), the word normalised. */
@Injectable()
export class PersonalWordRepository {
  public constructor(private readonly prisma: PrismaService) {}

  public async page(
    userId: string,
    offset: number,
    limit: number,
  ): Promise<{ words: string[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.prisma.personalWord.findMany({
        where: { userId },
        select: { word: true },
        orderBy: { word: 'asc' },
        skip: offset,
        take: limit,
      }),
      this.prisma.personalWord.count({ where: { userId } }),
    ]);
    return { words: rows.map((r) => r.word), total };
  }

  public async all(userId: string): Promise<string[]> {
    return (await this.prisma.personalWord.findMany({ where: { userId }, select: { word: true } })).map(
      (r) => r.word,
    );
  }

  /**
   * Adds the word unless it is there already (`present`) or the user has `limit` words (`full`). Counted
   * and inserted under a lock on the user's words, so concurrent adds cannot pass the limit together.
   */
  public async addUnderLimit(
    userId: string,
    word: string,
    limit: number,
  ): Promise<'added' | 'present' | 'full'> {
    return this.prisma.$transaction(async (tx) => {
      await lockKey(tx, `personal-words:${userId}`);
      if (
        await tx.personalWord.findUnique({ where: { userId_word: { userId, word } }, select: { word: true } })
      )
        return 'present';
      if ((await tx.personalWord.count({ where: { userId } })) >= limit) return 'full';
      await tx.personalWord.create({ data: { userId, word }, select: { word: true } });
      return 'added';
    });
  }

  public async remove(userId: string, word: string): Promise<boolean> {
    const { count } = await this.prisma.personalWord.deleteMany({ where: { userId, word } });
    return count > 0;
  }
}
