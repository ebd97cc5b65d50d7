import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';

import { PrismaClient } from '#src/generated/prisma/client.js';

/**
 * The Prisma client over `@prisma/adapter-pg` (no Rust engine). Only repositories use it: Prisma's
 * generated types stay inside them, services speak domain types.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  private readonly logger = new Logger(PrismaService.name);

  public constructor(connectionString: string, poolSize: number) {
    super({ adapter: new PrismaPg({ connectionString, max: poolSize, connectionTimeoutMillis: 5_000 }) });
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

  public async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
