import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';

import { PrismaService } from '#src/infra/database/prisma.service.js';
import { AppError } from '#src/infra/http/errors.js';
import { Public } from '#src/infra/http/public.decorator.js';
import { RedisService } from '#src/infra/redis/redis.service.js';

const CHECK_TIMEOUT_MS = 1_000;

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  public constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
  ) {}

  /** The process is up and serving HTTP. Used by the container HEALTHCHECK and liveness probes. */
  @Get('live')
  public live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** PostgreSQL and Redis answer; 503 naming whichever does not. */
  @Get('ready')
  @HealthCheck()
  public async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () =>
          this.indicators
            .check('postgres')
            .attempt(async () => {
              await this.prisma.$queryRaw`SELECT 1`;
            })
            .withTimeout(CHECK_TIMEOUT_MS),
        () =>
          this.redis.enabled
            ? this.indicators
                .check('redis')
                .attempt(async () => ({ latencyMs: Math.round((await this.redis.ping()) * 100) / 100 }))
                .withTimeout(CHECK_TIMEOUT_MS)
            : this.indicators.check('redis').up({ mode: 'embedded (in-process)' }),
      ]);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      const result = err.getResponse() as HealthCheckResult;
      const down = Object.keys(result.error ?? {});
      throw new AppError(503, 'not-ready', 'Service Unavailable', `Not ready: ${down.join(', ')} down.`, {
        down,
        checks: result.details,
      });
    }
  }
}
