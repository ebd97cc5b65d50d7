import { DynamicModule, Global, Module } from '@nestjs/common';

import { AppConfig } from './app-config.js';

/** Provides the one validated `AppConfig`. Built before the Nest container so bad config fails fast. */
@Global()
@Module({})
export class ConfigModule {
  public static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
