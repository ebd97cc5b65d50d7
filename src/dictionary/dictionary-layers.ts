import { Injectable, Logger } from '@nestjs/common';

import { type CacheLoader, loaded, NOT_FOUND } from '#src/infra/cache/cache.types.js';

import {
  DICTIONARY_LANGUAGE,
  type DictionaryEntries,
  type DictionarySourceName,
} from './dictionary-entry.js';
import { DictionaryEntryRepository } from './dictionary-entry.repository.js';
import { DictionarySourceChain, type LookupCaller } from './sources/dictionary-source.js';
import { rawBodyOf } from './sources/free-dictionary.client.js';

/** A stand-in answer (found while an earlier source was down) is kept this long in the cache. */
export const STAND_IN_TTL_MS = 5 * 60_000;

/**
 * Builds the loaders `CacheService.getOrLoad` walks below Redis for one word: PostgreSQL, then each
 * source of the chain (Free Dictionary API → WordNet → Gemini when configured).
 *
 * Three rules live here:
 * - a paid source (Gemini) is asked only for a signed-in caller, who pays for it from their budget;
 * - a paid source is not asked while a free source before it is unavailable — the word may
 *   well be one the free source knows, and Gemini must never be paid for those;
 * - a stand-in answer (found while an earlier source was down) is cached for `STAND_IN_TTL_MS` only and
 *   not written to PostgreSQL, so the real entry replaces it once that source is back.
 */
@Injectable()
export class DictionaryLayers {
  private readonly logger = new Logger(DictionaryLayers.name);

  constructor(
    private readonly repository: DictionaryEntryRepository,
    private readonly chain: DictionarySourceChain,
  ) {}

  /** `caller`: who asked; paid sources are asked only for a signed-in caller, on their budget. */
  public forWord(word: string, caller?: LookupCaller): CacheLoader<DictionaryEntries>[] {
    const postgres: CacheLoader<DictionaryEntries> = {
      name: 'postgres',
      kind: 'store',
      load: () => this.findStored(word),
      save: (entries, from) =>
        this.repository.save(
          word,
          DICTIONARY_LANGUAGE,
          from as DictionarySourceName,
          entries,
          rawBodyOf(entries) ?? null,
        ),
    };
    /** Sources that could not answer for this word (down, timed out, circuit open). */
    const unavailable: DictionarySourceName[] = [];
    const sources = this.chain.sources.map((source): CacheLoader<DictionaryEntries> => ({
      name: source.name,
      kind: 'upstream',
      load: async () => {
        if (source.paid && (!caller || unavailable.length > 0)) return undefined;
        try {
          const result = await source.lookup(word, caller);
          if (result === NOT_FOUND || unavailable.length === 0) return result;
          return loaded(result, { ttlMs: STAND_IN_TTL_MS, persist: false });
        } catch (err) {
          unavailable.push(source.name);
          throw err;
        }
      },
    }));
    return [postgres, ...sources];
  }

  /**
   * A PostgreSQL failure is "nothing to say", not "could not answer": the sources still decide, and when
   * they all say "not found" that is the truth, not a 500.
   */
  private async findStored(word: string): Promise<DictionaryEntries | undefined> {
    try {
      return (await this.repository.find(word, DICTIONARY_LANGUAGE))?.entries;
    } catch (err) {
      this.logger.warn(
        { word, err: (err as Error).message },
        'dictionary_entries unreadable; asking the sources',
      );
      return undefined;
    }
  }
}
