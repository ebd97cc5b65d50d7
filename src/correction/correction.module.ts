import { Module } from '@nestjs/common';

import { provideCacheNamespaces } from '#src/infra/cache/cache-namespace.registry.js';
import { Clock } from '#src/infra/time/clock.js';
import { PersonalDictionaryModule } from '#src/personal-dictionary/personal-dictionary.module.js';
import { SettingsModule } from '#src/settings/settings.module.js';

import { BudgetedModelCaller } from './caching/budgeted-model-caller.js';
import { LlmResultRepository } from './caching/llm-result.repository.js';
import { PieceCorrector } from './caching/piece-corrector.js';
import { CORRECTIONS_CACHE } from './correction.cache.js';
import { CorrectionCollectors } from './correction.collectors.js';
import { CorrectionController } from './correction.controller.js';
import { CorrectionMetrics } from './correction.metrics.js';
import { CorrectionService } from './correction.service.js';
import { CorrectionProvider } from './providers/correction-provider.js';
import { GeminiCorrectionProvider } from './providers/gemini/gemini-correction.provider.js';
import { LocalCheckerPool } from './providers/local/local-checker-pool.js';
import { LocalCorrectionProvider } from './providers/local/local-correction.provider.js';
import { TextSegmenter } from './segmentation/text-segmenter.js';
import { LlmSpend } from './usage/llm-spend.js';
import { LlmUsageRepository } from './usage/llm-usage.repository.js';
import { LlmUsageService } from './usage/llm-usage.service.js';
import { TokenBudget } from './usage/token-budget.js';
import { UsageBuffer } from './usage/usage-buffer.js';
import { UsageFlusher } from './usage/usage-flusher.js';
import { UsageRecorder } from './usage/usage-recorder.js';

/**
 * LLM corrections (`/api/v1/llm`): Gemini behind sentence-level caching, with Harper as the local fallback,
 * per-user token budgets and write-behind usage accounting. Registers its own metrics (`CorrectionCollectors`);
 * exports its counters and usage totals for the admin stats.
 */
@Module({
  imports: [SettingsModule, PersonalDictionaryModule],
  controllers: [CorrectionController],
  providers: [
    provideCacheNamespaces(CORRECTIONS_CACHE),
    CorrectionService,
    TextSegmenter,
    PieceCorrector,
    LlmResultRepository,
    BudgetedModelCaller,
    GeminiCorrectionProvider,
    // The model behind the cache; swap this binding to use another LLM.
    { provide: CorrectionProvider, useExisting: GeminiCorrectionProvider },
    LocalCheckerPool,
    LocalCorrectionProvider,
    TokenBudget,
    UsageBuffer,
    UsageRecorder,
    UsageFlusher,
    LlmUsageRepository,
    LlmUsageService,
    LlmSpend,
    CorrectionMetrics,
    CorrectionCollectors,
    Clock,
  ],
  exports: [CorrectionMetrics, LlmUsageService, LlmSpend, CorrectionService],
})
export class CorrectionModule {}
