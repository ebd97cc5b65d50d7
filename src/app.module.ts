import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';

import { AdminModule } from './admin/admin.module.js';
import { AuthModule } from './auth/auth.module.js';
import { LanguageToolModule } from './compat/languagetool/languagetool.module.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { CorrectionModule } from './correction/correction.module.js';
import { DictionaryModule } from './dictionary/dictionary.module.js';
import { CacheModule } from './infra/cache/cache.module.js';
import { DatabaseModule } from './infra/database/database.module.js';
import { DatabaseUrl } from './infra/database/database-url.js';
import { GeminiModule } from './infra/gemini/gemini.module.js';
import { HealthModule } from './infra/health/health.module.js';
import { LoggingModule } from './infra/logging/logging.module.js';
import { MetricsModule } from './infra/metrics/metrics.module.js';
import { RateLimitModule } from './infra/rate-limit/rate-limit.module.js';
import { RedisModule } from './infra/redis/redis.module.js';
import { ResilienceModule } from './infra/resilience/resilience.module.js';
import { RuntimeModule } from './infra/runtime/runtime.module.js';
import { PersonalDictionaryModule } from './personal-dictionary/personal-dictionary.module.js';
import { SettingsModule } from './settings/settings.module.js';

/** Root module. Built from an already-validated config so several instances can run in one process (tests). */
@Module({})
export class AppModule {
  public static forRoot(config: AppConfig, databaseUrl: DatabaseUrl): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        {
          module: DatabaseUrlModule,
          global: true,
          providers: [{ provide: DatabaseUrl, useValue: databaseUrl }],
          exports: [DatabaseUrl],
        },
        LoggingModule,
        EventEmitterModule.forRoot({ wildcard: false, ignoreErrors: false }),
        ResilienceModule,
        DatabaseModule,
        RedisModule,
        MetricsModule,
        RuntimeModule,
        CacheModule,
        GeminiModule,
        // Auth before rate limiting: global guards run in this order, and limits are per user.
        AuthModule,
        RateLimitModule,
        HealthModule,
        SettingsModule,
        DictionaryModule,
        PersonalDictionaryModule,
        CorrectionModule,
        LanguageToolModule,
        AdminModule,
      ],
    };
  }
}

@Module({})
class DatabaseUrlModule {}
