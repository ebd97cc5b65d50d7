import { Module } from '@nestjs/common';

import { CorrectionModule } from '#src/correction/correction.module.js';
import { PersonalDictionaryModule } from '#src/personal-dictionary/personal-dictionary.module.js';
import { SettingsModule } from '#src/settings/settings.module.js';

import { LanguageToolController } from './languagetool.controller.js';
import { LanguageToolService } from './languagetool.service.js';
import { LanguageToolHttpHooks } from './lt-http.hooks.js';

/** LanguageTool's HTTP API v2 (`/v2`) over the native correction, settings and personal-dictionary services. */
@Module({
  imports: [CorrectionModule, SettingsModule, PersonalDictionaryModule],
  controllers: [LanguageToolController],
  providers: [LanguageToolService, LanguageToolHttpHooks],
})
export class LanguageToolModule {}
