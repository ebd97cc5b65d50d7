import { Global, Module } from '@nestjs/common';

import { DatabaseUrl } from './database-url.js';
import { PrismaService } from './prisma.service.js';

@Global()
@Module({
  providers: [
    {
      provide: PrismaService,
      inject: [DatabaseUrl],
      useFactory: (url: DatabaseUrl) => new PrismaService(url.value, url.poolSize),
    },
  ],
  exports: [PrismaService],
})
export class DatabaseModule {}
