import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { Audited } from '#src/admin/audit/audited.decorator.js';
import { Roles } from '#src/auth/decorators/roles.decorator.js';
import { RateLimitPolicy } from '#src/infra/rate-limit/rate-limit.decorators.js';

import {
  type CacheStats,
  cacheStatsSchema,
  type FlushQuery,
  flushQuerySchema,
  type FlushResult,
  flushResultSchema,
  type WarmBody,
  warmBodySchema,
  type WarmResult,
  warmResultSchema,
} from './admin-cache.schemas.js';
import { CacheFlushService } from './cache-flush.service.js';
import { CacheStatsService } from './cache-stats.service.js';
import { CacheWarmerService } from './cache-warmer.service.js';

const NAMESPACE_PARAM = {
  name: 'namespace',
  description: 'A cache namespace, as listed by `GET /admin/cache/stats` (`dict`, `settings`, …).',
};
const CONFIRM_QUERY = {
  name: 'confirm',
  required: false,
  enum: ['session'],
  description: '`session` to flush the session namespace too.',
};

@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token.' })
@ApiForbiddenResponse({ description: 'Not an admin.' })
@ApiServiceUnavailableResponse({
  description: 'Redis is configured but unavailable: nothing was flushed or warmed.',
})
@Roles('admin')
@RateLimitPolicy('admin')
@Controller('admin/cache')
export class AdminCacheController {
  public constructor(
    private readonly statsService: CacheStatsService,
    private readonly flusher: CacheFlushService,
    private readonly warmer: CacheWarmerService,
  ) {}

  @Get('stats')
  @Audited('cache.stats', () => ({}))
  @ApiOperation({
    summary: 'Cache statistics',
    description:
      'Per namespace: keys in Redis (SCAN) and, for this instance since it started, hits/misses/hit rate/errors per layer ' +
      '(L1, Redis, PostgreSQL, upstream). Redis INFO and PING latency, upstream calls/failures/circuits, Gemini tokens today.',
  })
  @ApiOkResponse({ description: 'The statistics.', standardSchema: cacheStatsSchema })
  public stats(): Promise<CacheStats> {
    return this.statsService.stats();
  }

  @Delete()
  @Audited('cache.flush')
  @ApiOperation({
    summary: 'Flush every cache namespace',
    description:
      'SCAN + UNLINK of this app’s cache keys only; every instance drops its L1. `session` is skipped unless `?confirm=session`.',
  })
  @ApiQuery(CONFIRM_QUERY)
  @ApiOkResponse({ description: 'What was removed.', standardSchema: flushResultSchema })
  @ApiBadRequestResponse({ description: '`confirm` is not `session`.' })
  public flushAll(@Query({ schema: flushQuerySchema }) query: FlushQuery): Promise<FlushResult> {
    return this.flusher.flushAll(query.confirm !== undefined);
  }

  @Delete(':namespace')
  @Audited('cache.flush')
  @ApiOperation({
    summary: 'Flush one namespace',
    description: 'Flushing `session` needs `?confirm=session`.',
  })
  @ApiParam(NAMESPACE_PARAM)
  @ApiQuery(CONFIRM_QUERY)
  @ApiOkResponse({ description: 'How many keys went.', standardSchema: flushResultSchema })
  @ApiBadRequestResponse({ description: '`confirm` is not `session`.' })
  @ApiNotFoundResponse({ description: 'No such namespace.' })
  @ApiConflictResponse({ description: '`session` without `?confirm=session`.' })
  public flushNamespace(
    @Param('namespace') namespace: string,
    @Query({ schema: flushQuerySchema }) query: FlushQuery,
  ): Promise<FlushResult> {
    return this.flusher.flushNamespace(namespace, query.confirm !== undefined);
  }

  @Delete(':namespace/:key')
  @Audited('cache.flush')
  @ApiOperation({
    summary: 'Flush one key',
    description: 'The key as stored after the namespace, e.g. `en:legion` in `dict`.',
  })
  @ApiParam(NAMESPACE_PARAM)
  @ApiOkResponse({
    description: '`removed` is 1 when Redis held the key.',
    standardSchema: flushResultSchema,
  })
  @ApiNotFoundResponse({ description: 'No such namespace.' })
  public flushKey(@Param('namespace') namespace: string, @Param('key') key: string): Promise<FlushResult> {
    return this.flusher.flushKey(namespace, key);
  }

  @Post('warm')
  @HttpCode(HttpStatus.OK)
  @Audited('cache.warm')
  @ApiOperation({
    summary: 'Warm the dictionary cache',
    description: 'Loads the most looked-up entries from PostgreSQL into Redis.',
  })
  @ApiOkResponse({ description: 'How many entries were written.', standardSchema: warmResultSchema })
  @ApiBadRequestResponse({
    description: 'Unknown fields, a namespace other than `dict`, or a limit out of range.',
  })
  public warm(@Body({ schema: warmBodySchema }) body: WarmBody): Promise<WarmResult> {
    return this.warmer.warm(body);
  }
}
