import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { AuthUser } from '#src/auth/auth-user.js';
import { CurrentUser } from '#src/auth/decorators/current-user.decorator.js';
import type { CacheReadAhead } from '#src/infra/cache/cache.types.js';
import { ReadAhead, ReadAheadOf } from '#src/infra/cache/read-ahead.js';
import { JSON_CONTENT_TYPE, jsonBody } from '#src/infra/http/json-body.js';
import { RateLimitPolicy } from '#src/infra/rate-limit/rate-limit.decorators.js';
import { RateLimitStorage } from '#src/infra/rate-limit/rate-limit.storage.js';

import { DICTIONARY_CACHE, dictionaryCacheKeyOfRequest } from './dictionary.cache.js';
import { ApiBatchResponses, ApiLookupResponses } from './dictionary.openapi.js';
import { type BatchLookup, type DictionaryLookup, DictionaryService } from './dictionary.service.js';
import { type LookupBatchBody, lookupBatchSchema } from './dto/dictionary.schemas.js';
import { WordNotFoundError } from './errors/word-not-found.error.js';

@ApiTags('dictionary')
@ApiBearerAuth()
@RateLimitPolicy('dictionary')
@Controller('dictionary')
export class DictionaryController {
  constructor(
    private readonly dictionary: DictionaryService,
    private readonly rateLimits: RateLimitStorage,
  ) {}

  @Get(':word')
  @ApiOperation({
    summary: 'Look a word up',
    description:
      'Redis → PostgreSQL → Free Dictionary API → WordNet → Gemini (when configured); what a slower layer finds fills the faster ones.',
  })
  @ApiParam({
    name: 'word',
    description: 'A word or phrase, e.g. `legion` or `ice cream` (percent-encoded).',
  })
  @ApiLookupResponses()
  @ReadAhead(DICTIONARY_CACHE.name, dictionaryCacheKeyOfRequest)
  public async lookup(
    @Param('word') word: string,
    @CurrentUser() user: AuthUser,
    @ReadAheadOf() readAhead: CacheReadAhead | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    const lookup = await this.dictionary.lookup(word, { userId: user.id }, readAhead);
    cacheHeaders(reply, lookup);
    if (!lookup.found) throw new WordNotFoundError(lookup.word);
    // An L1 hit's entries are serialized once, not per response (`jsonBody`).
    void reply.type(JSON_CONTENT_TYPE);
    return jsonBody(lookup.entries);
  }

  @Post('lookup')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Look up to 100 words at once',
    description:
      'One Redis round trip for the cached ones; the rest are looked up concurrently. Counts against the ' +
      'dictionary rate limit once per word that is not cached (at least once).',
  })
  @ApiBatchResponses()
  public lookupMany(
    @Body({ schema: lookupBatchSchema }) body: LookupBatchBody,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<BatchLookup> {
    // The guard counted this request once; each further uncached word counts once more.
    return this.dictionary.lookupMany(body.words, { userId: user.id }, (misses) =>
      this.rateLimits.charge(request, 'dictionary', misses - 1),
    );
  }
}

/** `X-Cache` and `X-Source`; an L1 hit reports `redis` (the list clients know) plus `X-Cache-Layer: l1`. */
function cacheHeaders(reply: FastifyReply, lookup: DictionaryLookup): void {
  void reply
    .header('X-Cache', lookup.cached ? 'HIT' : 'MISS')
    .header('X-Source', lookup.layer === 'l1' ? 'redis' : lookup.layer);
  if (lookup.layer === 'l1') void reply.header('X-Cache-Layer', 'l1');
}
