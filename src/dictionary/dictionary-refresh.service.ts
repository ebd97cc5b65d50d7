import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

import { normaliseWord } from '#src/infra/text/word-normaliser.js';

import { type DictionaryEntryRefreshedEvent, DictionaryEvents } from './dictionary.cache.js';
import { DICTIONARY_LANGUAGE } from './dictionary-entry.js';
import { DictionaryEntryRepository } from './dictionary-entry.repository.js';
import { type RefreshResult } from './dto/dictionary.schemas.js';
import { InvalidWordError } from './errors/invalid-word.error.js';

/**
 * Admin refresh of one word: drops the PostgreSQL row, then emits `dictionary.entry.refreshed`, which the
 * cache maps to dropping the Redis key (found or negative) and every instance's L1 copy. The next lookup
 * goes to the sources.
 */
@Injectable()
export class DictionaryRefreshService {
  private readonly logger = new Logger(DictionaryRefreshService.name);

  constructor(
    private readonly repository: DictionaryEntryRepository,
    private readonly events: EventEmitter2,
  ) {}

  public async refresh(input: string): Promise<RefreshResult> {
    const normalised = normaliseWord(input);
    if (!normalised.ok)
      throw new InvalidWordError([{ field: 'word', word: input, reason: normalised.reason }]);
    const word = normalised.word;
    const removedFromDatabase = await this.repository.delete(word, DICTIONARY_LANGUAGE);
    // CacheInvalidationListener turns the event into the Redis deletion and every instance's L1 drop;
    // emitAsync waits for it, so the next lookup cannot see the old copy.
    const event: DictionaryEntryRefreshedEvent = { word, language: DICTIONARY_LANGUAGE };
    await this.events.emitAsync(DictionaryEvents.entryRefreshed, event);
    this.logger.log({ word, removedFromDatabase }, 'dictionary entry refreshed');
    return { word, language: DICTIONARY_LANGUAGE, removedFromDatabase };
  }
}
