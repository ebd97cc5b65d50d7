import { Global, Module } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';

import { DatabaseUrl } from './database-url.js';
import { PrismaService } from './prisma.service.js';

@Global()
@Module({
  providers: [
    {
      provide: PrismaService,
      inject: [AppConfig, DatabaseUrl],
      useFactory: (config: AppConfig, url: DatabaseUrl) => new PrismaService(url.value, config.database.poolSize),
    },
  ],
  exports: [PrismaService],
})
export class DatabaseModule {}
