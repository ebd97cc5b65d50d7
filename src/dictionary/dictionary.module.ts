import { Module } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import { CorrectionModule } from '#src/correction/correction.module.js';
import { provideCacheNamespaces } from '#src/infra/cache/cache-namespace.registry.js';

import { DICTIONARY_CACHE, DictionaryCacheInvalidation } from './dictionary.cache.js';
import { DictionaryCollectors } from './dictionary.collectors.js';
import { DictionaryController } from './dictionary.controller.js';
import { DictionaryService } from './dictionary.service.js';
import { DictionaryCacheWarmer } from './dictionary-cache-warmer.js';
import { DictionaryEntryRepository } from './dictionary-entry.repository.js';
import { DictionaryLayers } from './dictionary-layers.js';
import { DictionaryLookupCounter } from './dictionary-lookup-counter.js';
import { DictionaryRefreshService } from './dictionary-refresh.service.js';
import { FreeDictionaryMirrorController } from './mirror/free-dictionary-mirror.controller.js';
import { FreeDictionaryMirror } from './mirror/free-dictionary-mirror.service.js';
import { DictionaryGeminiSource } from './sources/dictionary-gemini.source.js';
import { DictionarySourceChain } from './sources/dictionary-source.js';
import { FreeDictionaryClient } from './sources/free-dictionary.client.js';
import { WordNetDatabase } from './sources/wordnet/wordnet.database.js';
import { WordNetSource } from './sources/wordnet/wordnet.source.js';

/**
 * Word lookups (`/dictionary`) and the Free Dictionary API mirror (`/api/v2/entries`). Exports what the
 * admin module's routes use: the refresh service (`/admin/dictionary/:word`), the cache warmer (the admin
 * warm-up) and the lookup counter (its buffer depth is in the admin stats).
 */
@Module({
  // For LlmSpend: the Gemini source charges its calls to the caller's budget.
  imports: [CorrectionModule],
  controllers: [DictionaryController, FreeDictionaryMirrorController],
  providers: [
    provideCacheNamespaces(DICTIONARY_CACHE),
    DictionaryCacheInvalidation,
    DictionaryCacheWarmer,
    DictionaryService,
    DictionaryRefreshService,
    FreeDictionaryMirror,
    DictionaryLayers,
    DictionaryEntryRepository,
    DictionaryLookupCounter,
    DictionaryCollectors,
    FreeDictionaryClient,
    WordNetSource,
    DictionaryGeminiSource,
    { provide: WordNetDatabase, useFactory: () => new WordNetDatabase() },
    {
      provide: DictionarySourceChain,
      inject: [AppConfig, FreeDictionaryClient, WordNetSource, DictionaryGeminiSource],
      // Gemini joins the chain only when it is configured.
      useFactory: (
        config: AppConfig,
        free: FreeDictionaryClient,
        wordnet: WordNetSource,
        gemini: DictionaryGeminiSource,
      ) => new DictionarySourceChain(config.gemini.apiKey ? [free, wordnet, gemini] : [free, wordnet]),
    },
  ],
  exports: [DictionaryCacheWarmer, DictionaryLookupCounter, DictionaryRefreshService],
})
export class DictionaryModule {}
