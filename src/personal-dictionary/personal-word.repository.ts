import { Injectable } from '@nestjs/common';

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

  public count(userId: string): Promise<number> {
    return this.prisma.personalWord.count({ where: { userId } });
  }

  /** Adds the word unless it is there already; true when it was added. */
  public async add(userId: string, word: string): Promise<boolean> {
    const { count } = await this.prisma.personalWord.createMany({
      data: [{ userId, word }],
      skipDuplicates: true,
    });
    return count > 0;
  }

  public async remove(userId: string, word: string): Promise<boolean> {
    const { count } = await this.prisma.personalWord.deleteMany({ where: { userId, word } });
    return count > 0;
  }
}
