import { Injectable, Logger } from '@nestjs/common';

import { type CacheLayer, NOT_FOUND } from '#src/infra/cache/cache.types.js';

import {
  DICTIONARY_LANGUAGE,
  type DictionaryEntries,
  type DictionarySourceName,
} from './dictionary-entry.js';
import { DictionaryEntryRepository } from './dictionary-entry.repository.js';
import { DictionarySourceChain, type LookupCaller } from './sources/dictionary-source.js';
import { rawBodyOf } from './sources/free-dictionary.client.js';

/** What happened while the layers below Redis were asked about one word. */
export class WordLoad {
  /** Who asked: paid sources are asked only for a signed-in caller, on their budget. */
  public constructor(public readonly caller?: LookupCaller) {}

  /** Sources that could not answer (down, timed out, circuit open). */
  public readonly unavailable: DictionarySourceName[] = [];
  public answeredBy?: DictionarySourceName;

  /** An answer found while a source before it was unavailable: a stand-in, not the real entry. */
  public get degraded(): boolean {
    return this.answeredBy !== undefined && this.unavailable.length > 0;
  }
}

/**
 * Builds the layers `CacheService.getOrLoad` walks below Redis for one word: PostgreSQL, then each
 * source of the chain (Free Dictionary API → WordNet → Gemini when configured).
 *
 * Three rules live here:
 * - a paid source (Gemini) is asked only for a signed-in caller, who pays for it from their budget;
 * - a paid source is not asked while a free source before it is unavailable — the word may
 *   well be one the free source knows, and Gemini must never be paid for those;
 * - a stand-in answer (found while an earlier source was down) is not written to PostgreSQL, so the
 *   real entry replaces it once that source is back.
 */
@Injectable()
export class DictionaryLayers {
  private readonly logger = new Logger(DictionaryLayers.name);

  constructor(
    private readonly repository: DictionaryEntryRepository,
    private readonly chain: DictionarySourceChain,
  ) {}

  public forWord(word: string, load: WordLoad): CacheLayer<DictionaryEntries>[] {
    const postgres: CacheLayer<DictionaryEntries> = {
      name: 'postgres',
      kind: 'store',
      load: () => this.findStored(word),
      save: async (entries) => {
        if (!load.answeredBy || load.degraded) return;
        await this.repository.save(
          word,
          DICTIONARY_LANGUAGE,
          load.answeredBy,
          entries,
          rawBodyOf(entries) ?? null,
        );
      },
    };
    const sources = this.chain.sources.map((source): CacheLayer<DictionaryEntries> => ({
      name: source.name,
      kind: 'upstream',
      load: async () => {
        if (source.paid && (!load.caller || load.unavailable.length > 0)) return undefined;
        try {
          const result = await source.lookup(word, load.caller);
          if (result !== NOT_FOUND) load.answeredBy = source.name;
          return result;
        } catch (err) {
          load.unavailable.push(source.name);
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
