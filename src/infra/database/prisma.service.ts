import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';

import { PrismaClient } from '#src/generated/prisma/client.js';
import { CircuitBreakerRegistry } from '#src/infra/resilience/circuit-breaker.registry.js';

import type { EmbeddedPostgres } from './embedded-postgres.js';
import { guardedPool } from './guarded-pool.js';

/**
 * The Prisma client over `@prisma/adapter-pg` (no Rust engine). Only repositories use it: Prisma's
 * generated types stay inside them, services speak domain types.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  private readonly logger = new Logger(PrismaService.name);

  /**
   * PostgreSQL's circuit breaker is created here when the registry is given (the application); scripts
   * and repository tests may leave it out and get a private one.
   */
  public constructor(
    connectionString: string,
    poolSize: number,
    breakers = new CircuitBreakerRegistry(),
    private readonly embedded?: Pick<EmbeddedPostgres, 'stop'>,
  ) {
    const pool = guardedPool(
      { connectionString, max: poolSize, connectionTimeoutMillis: 5_000 },
      () => breaker,
    );
    const breaker = breakers.create({
      name: 'postgresql',
      kind: 'datastore',
      failureThreshold: 2,
      openMs: 2_000,
      probe: pool.probe,
    });
    // Our pool, so Prisma must end it on $disconnect (it only does so for external pools when told).
    super({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  }

  public async isHealthy(): Promise<boolean> {
    try {
      await this.$queryRaw`SELECT 1`;
      return true;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'database health check failed');
      return false;
    }
  }

  /** The embedded PostgreSQL, if that is what this connects to, stops after the last connection closed. */
  public async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
    await this.embedded?.stop();
  }
}
