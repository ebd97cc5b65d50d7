import { Global, Module } from '@nestjs/common';

import { CircuitBreakerRegistry } from '#src/infra/resilience/circuit-breaker.registry.js';

import { DatabaseUrl } from './database-url.js';
import { PrismaService } from './prisma.service.js';

@Global()
@Module({
  providers: [
    {
      provide: PrismaService,
      inject: [DatabaseUrl, CircuitBreakerRegistry],
      useFactory: (url: DatabaseUrl, breakers: CircuitBreakerRegistry) =>
        new PrismaService(url.value, url.poolSize, breakers, url.embedded),
    },
  ],
  exports: [PrismaService],
})
export class DatabaseModule {}
