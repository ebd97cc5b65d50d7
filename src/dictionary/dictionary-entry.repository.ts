import { Injectable, Logger } from '@nestjs/common';

import { Prisma } from '#src/generated/prisma/client.js';
import { PrismaService } from '#src/infra/database/prisma.service.js';

import {
  type DictionaryEntries,
  dictionaryEntriesSchema,
  type DictionarySourceName,
} from './dictionary-entry.js';

export interface StoredDictionaryEntry {
  word: string;
  language: string;
  source: DictionarySourceName;
  entries: DictionaryEntries;
  fetchedAt: Date;
}

/**
 * `dictionary_entries`: what a source answered for a word, kept indefinitely (the PostgreSQL layer under
 * Redis). Only found words are stored — "not found" lives in Redis alone. `lookup_count` feeds the admin
 * warm-up (most looked-up words first).
 */
@Injectable()
export class DictionaryEntryRepository {
  private readonly logger = new Logger(DictionaryEntryRepository.name);

  constructor(private readonly prisma: PrismaService) {}

  public async find(word: string, language: string): Promise<StoredDictionaryEntry | undefined> {
    const row = await this.prisma.dictionaryEntry.findUnique({
      where: { word_language: { word, language } },
      select: { word: true, language: true, source: true, payload: true, fetchedAt: true },
    });
    return row ? this.toStored(row) : undefined;
  }

  /**
   * Inserts or replaces the word's entries (a refresh or a better source overwrites). `rawBody`: the Free
   * Dictionary API's own bytes, kept for the mirror.
   */
  public async save(
    word: string,
    language: string,
    source: DictionarySourceName,
    entries: DictionaryEntries,
    rawBody: string | null = null,
  ): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO dictionary_entries (id, word, language, source, payload, raw_body, fetched_at)
      VALUES (gen_random_uuid(), ${word}, ${language}, ${source}, ${JSON.stringify(entries)}::jsonb, ${rawBody}, now())
      ON CONFLICT (word, language) DO UPDATE
        SET source = EXCLUDED.source, payload = EXCLUDED.payload, raw_body = EXCLUDED.raw_body,
            fetched_at = EXCLUDED.fetched_at`;
  }

  /** The Free Dictionary API's bytes for the word, when a row holds them. */
  public async findRawBody(word: string, language: string): Promise<string | undefined> {
    const row = await this.prisma.dictionaryEntry.findUnique({
      where: { word_language: { word, language } },
      select: { rawBody: true },
    });
    return row?.rawBody ?? undefined;
  }

  /** True when a row was there to delete. */
  public async delete(word: string, language: string): Promise<boolean> {
    const { count } = await this.prisma.dictionaryEntry.deleteMany({ where: { word, language } });
    return count > 0;
  }

  /** Adds buffered lookup counts in one statement; words without a row are ignored. */
  public async addLookups(language: string, counts: ReadonlyMap<string, number>): Promise<void> {
    if (counts.size === 0) return;
    const words = [...counts.keys()];
    const increments = words.map((w) => counts.get(w)!);
    await this.prisma.$executeRaw`
      UPDATE dictionary_entries AS d
        SET lookup_count = d.lookup_count + c.n, last_looked_up_at = now()
      FROM unnest(${words}::text[], ${increments}::int[]) AS c(word, n)
      WHERE d.word = c.word AND d.language = ${language}`;
  }

  /** The most looked-up words first (admin cache warm-up). */
  public async mostLookedUp(language: string, limit: number): Promise<StoredDictionaryEntry[]> {
    const rows = await this.prisma.dictionaryEntry.findMany({
      where: { language },
      orderBy: { lookupCount: 'desc' },
      take: limit,
      select: { word: true, language: true, source: true, payload: true, fetchedAt: true },
    });
    return rows.flatMap((row) => this.toStored(row) ?? []);
  }

  public async lookupCount(word: string, language: string): Promise<number | undefined> {
    const row = await this.prisma.dictionaryEntry.findUnique({
      where: { word_language: { word, language } },
      select: { lookupCount: true },
    });
    return row?.lookupCount;
  }

  private toStored(row: {
    word: string;
    language: string;
    source: string;
    payload: Prisma.JsonValue;
    fetchedAt: Date;
  }): StoredDictionaryEntry | undefined {
    // A row written by an older version, or edited by hand, must not reach a client as garbage.
    const parsed = dictionaryEntriesSchema.safeParse(row.payload);
    if (!parsed.success || parsed.data.length === 0) {
      this.logger.warn(
        { word: row.word, language: row.language },
        'stored dictionary entry is not in the expected shape; ignoring it',
      );
      return undefined;
    }
    return {
      word: row.word,
      language: row.language,
      source: row.source as DictionarySourceName,
      entries: parsed.data,
      fetchedAt: row.fetchedAt,
    };
  }
}
