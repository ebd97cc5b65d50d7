import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

import { CacheEvents, type DictionaryEntryRefreshedEvent } from '#src/infra/cache/cache.events.js';
import { CacheKeys } from '#src/infra/cache/cache.namespaces.js';
import { CacheService } from '#src/infra/cache/cache.service.js';

import { DICTIONARY_LANGUAGE } from './dictionary-entry.js';
import { DictionaryEntryRepository } from './dictionary-entry.repository.js';
import { type RefreshResult } from './dto/dictionary.schemas.js';
import { InvalidWordError } from './errors/invalid-word.error.js';
import { normaliseWord } from './word-normaliser.js';

/**
 * Admin refresh of one word: drops the PostgreSQL row and the Redis key (found or negative), then emits
 * `dictionary.entry.refreshed` so every instance drops its L1 copy. The next lookup goes to the sources.
 */
@Injectable()
export class DictionaryRefreshService {
  private readonly logger = new Logger(DictionaryRefreshService.name);

  constructor(
    private readonly repository: DictionaryEntryRepository,
    private readonly cache: CacheService,
    private readonly events: EventEmitter2,
  ) {}

  public async refresh(input: string): Promise<RefreshResult> {
    const normalised = normaliseWord(input);
    if (!normalised.ok) throw new InvalidWordError([{ field: 'word', word: input, reason: normalised.reason }]);
    const word = normalised.word;
    const removedFromDatabase = await this.repository.delete(word, DICTIONARY_LANGUAGE);
    await this.cache.delete('dict', CacheKeys.dict(DICTIONARY_LANGUAGE, word));
    const event: DictionaryEntryRefreshedEvent = { word, language: DICTIONARY_LANGUAGE };
    await this.events.emitAsync(CacheEvents.dictionaryEntryRefreshed, event);
    this.logger.log({ word, removedFromDatabase }, 'dictionary entry refreshed');
    return { word, language: DICTIONARY_LANGUAGE, removedFromDatabase };
  }
}
