import { Module } from '@nestjs/common';

import { provideCacheNamespaces } from '#src/infra/cache/cache-namespace.registry.js';

import { PERSONAL_DICTIONARY_CACHE } from './personal-dictionary.cache.js';
import { PersonalDictionaryController } from './personal-dictionary.controller.js';
import { PersonalDictionaryService } from './personal-dictionary.service.js';
import { PersonalWordRepository } from './personal-word.repository.js';

/** Each user's personal dictionary; the correction module reads it to leave those words alone. */
@Module({
  controllers: [PersonalDictionaryController],
  providers: [
    provideCacheNamespaces(PERSONAL_DICTIONARY_CACHE),
    PersonalDictionaryService,
    PersonalWordRepository,
  ],
  exports: [PersonalDictionaryService],
})
export class PersonalDictionaryModule {}
