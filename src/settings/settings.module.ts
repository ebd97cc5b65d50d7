import { Module } from '@nestjs/common';

import { provideCacheNamespaces } from '#src/infra/cache/cache-namespace.registry.js';

import { SETTINGS_CACHE, SettingsCacheInvalidation } from './settings.cache.js';
import { SettingsController } from './settings.controller.js';
import { SettingsRepository } from './settings.repository.js';
import { SettingsService } from './settings.service.js';

/** Per-user editor settings. Exports `SettingsService` (`getForUser`) for the correction module's defaults. */
@Module({
  controllers: [SettingsController],
  providers: [
    provideCacheNamespaces(SETTINGS_CACHE),
    SettingsCacheInvalidation,
    SettingsService,
    SettingsRepository,
  ],
  exports: [SettingsService],
})
export class SettingsModule {}
