import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { CacheService } from '#src/infra/cache/cache.service.js';
import type { NamespaceOptions } from '#src/infra/cache/cache.types.js';
import { keySegment } from '#src/infra/cache/cache-keys.js';
import { normaliseWord } from '#src/infra/text/word-normaliser.js';

import { DICTIONARY_LANGUAGE } from './dictionary-entry.js';

const MINUTE = 60_000;

/**
 * Dictionary entries by language and word: in L1, "not found" cached for 10 minutes, served stale for
 * the last 10 minutes of the hour while one background refresh runs.
 */
export const DICTIONARY_CACHE: NamespaceOptions = {
  name: 'dict',
  ttlMs: 60 * MINUTE,
  l1: true,
  negativeTtlMs: 10 * MINUTE,
  softTtlMs: 50 * MINUTE,
};

/** The one way to spell a dictionary key: `en:legion`. */
export const dictionaryCacheKey = (word: string, language: string = DICTIONARY_LANGUAGE): string =>
  `${keySegment(language)}:${keySegment(word)}`;

/** The key `GET /dictionary/:word` reads (`@ReadAhead`); undefined for a word the service will reject. */
export function dictionaryCacheKeyOfRequest(request: { params: unknown }): string | undefined {
  const input = (request.params as { word?: unknown } | undefined)?.word;
  const word = typeof input === 'string' ? normaliseWord(input) : undefined;
  return word?.ok ? dictionaryCacheKey(word.word) : undefined;
}

export const DictionaryEvents = { entryRefreshed: 'dictionary.entry.refreshed' } as const;

export interface DictionaryEntryRefreshedEvent {
  word: string;
  language: string;
}

/** `dictionary.entry.refreshed` → the word's key, deleted on every instance. */
@Injectable()
export class DictionaryCacheInvalidation {
  public constructor(private readonly cache: CacheService) {}

  @OnEvent(DictionaryEvents.entryRefreshed)
  public onEntryRefreshed(event: DictionaryEntryRefreshedEvent): Promise<void> {
    return this.cache.delete(DICTIONARY_CACHE.name, dictionaryCacheKey(event.word, event.language));
  }
}
