import { Body, Controller, Get, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import type { AuthUser } from '#src/auth/auth-user.js';
import { CurrentUser } from '#src/auth/decorators/current-user.decorator.js';
import { RateLimitPolicy } from '#src/infra/rate-limit/rate-limit.decorators.js';

import { CorrectionService } from './correction.service.js';
import {
  type CorrectRequest,
  correctRequestSchema,
  type CorrectResponse,
  correctResponseSchema,
  type UsageResponse,
  usageResponseSchema,
} from './dto/correction.schemas.js';
import { LlmUsageService } from './usage/llm-usage.service.js';

const CORRECT_HEADERS = {
  'X-Cache': {
    description: 'HIT: every sentence from the cache; MISS: none; PARTIAL: some.',
    schema: { type: 'string', enum: ['HIT', 'MISS', 'PARTIAL'] },
  },
  'X-Cache-Sentences': {
    description: "`cached/total`: how many of the sentences came from the cache (the editor's status line).",
    schema: { type: 'string', example: '18/20' },
  },
  'X-Llm-Fallback': {
    description:
      'Present when (some) sentences came from the local checker: unconfigured, disabled, quota, circuit-open, upstream-error, invalid-answer or deadline (Gemini had not answered within LLM_DEADLINE_MS).',
    schema: { type: 'string' },
  },
};

@ApiTags('llm')
@ApiBearerAuth()
@Controller('llm')
export class CorrectionController {
  public constructor(
    private readonly corrections: CorrectionService,
    private readonly usage: LlmUsageService,
  ) {}

  @Post('correct')
  @RateLimitPolicy('llm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Suggest corrections for a text',
    description:
      'Sentence by sentence: cached answers are reused, the rest go to Gemini in one call; when Gemini is unconfigured, ' +
      'turned off in settings, over the daily token budget, or failing, the local checker (Harper) answers instead. ' +
      'Offsets are UTF-16 code units; applying `edits` to `text` yields `corrected` exactly.',
  })
  @ApiOkResponse({
    description: 'The corrections.',
    standardSchema: correctResponseSchema,
    headers: CORRECT_HEADERS,
  })
  @ApiBadRequestResponse({
    description: 'Empty or blank text, lone surrogates, unknown fields or invalid values.',
  })
  @ApiPayloadTooLargeResponse({ description: 'More than 10,000 characters (UTF-16 code units).' })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid access token.' })
  public async correct(
    @CurrentUser() user: AuthUser,
    @Body({ schema: correctRequestSchema }) body: CorrectRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CorrectResponse> {
    const outcome = await this.corrections.correct(user.id, body);
    void reply.header('X-Cache', outcome.cache);
    void reply.header('X-Cache-Sentences', `${outcome.sentences.cached}/${outcome.sentences.total}`);
    if (outcome.fallback) void reply.header('X-Llm-Fallback', outcome.fallback);
    return outcome.body;
  }

  @Get('usage')
  @ApiOperation({ summary: "The caller's LLM usage today and this month, and the daily token budget" })
  @ApiOkResponse({
    description: 'Tokens, estimated cost and calls (UTC day and month).',
    standardSchema: usageResponseSchema,
  })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid access token.' })
  public usageOf(@CurrentUser() user: AuthUser): Promise<UsageResponse> {
    return this.usage.forUser(user.id);
  }
}
