import { CacheInterceptor } from '@nestjs/cache-manager';
import { Controller, Get, HttpCode, Post, Req, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import type { AuthUser } from '#src/auth/auth-user.js';
import { ApiKeyAuth } from '#src/auth/decorators/api-key-auth.decorator.js';
import { Public } from '#src/infra/http/public.decorator.js';
import { RateLimitPolicy } from '#src/infra/rate-limit/rate-limit.decorators.js';
import { PersonalDictionaryService } from '#src/personal-dictionary/personal-dictionary.service.js';

import { type CheckResponse, type LanguageToolParams, LanguageToolService } from './languagetool.service.js';
import { LanguageToolErrorFilter } from './lt-error.filter.js';
import { LanguageToolError } from './lt-error.js';
import { LanguageToolJsonInterceptor } from './lt-json.interceptor.js';
import { LT_LANGUAGES } from './lt-languages.js';
import { SOFTWARE } from './lt-software.js';

type LtRequest = FastifyRequest & { user?: AuthUser };

/**
 * LanguageTool's HTTP API v2 at `/v2`, for the writing tools that already speak it (VS Code, Obsidian, LTeX,
 * Emacs, browser add-ons): an adapter at the edge over the native services. Parameters come from the
 * query string and a form body (read as form data whatever its Content-Type says); credentials are
 * `username` + `apiKey`; errors are LanguageTool's plain text (`LanguageToolErrorFilter`).
 */
@ApiTags('languagetool')
@Controller('v2')
@ApiKeyAuth()
@RateLimitPolicy('languagetool')
@UseFilters(LanguageToolErrorFilter)
@UseInterceptors(LanguageToolJsonInterceptor)
export class LanguageToolController {
  public constructor(
    private readonly languageTool: LanguageToolService,
    private readonly personal: PersonalDictionaryService,
  ) {}

  @Post('check')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check a text (LanguageTool API v2)',
    description:
      'Form parameters (body or query): `text` or `data`, `language` (auto, en, en-US, en-GB, en-AU, en-CA), optional ' +
      '`username` + `apiKey` (your e-mail and an API key: your settings, Gemini and budget; without them the offline ' +
      'checker only), `enabledRules`, `disabledRules`, `enabledCategories`, `disabledCategories`, `enabledOnly`, ' +
      '`level`, `mode`, `preferredVariants`, `motherTongue`. Errors are plain text `Error: …`.',
  })
  @ApiOkResponse({ description: "LanguageTool's check result: software, language, matches, sentenceRanges." })
  public checkPost(@Req() request: LtRequest): Promise<CheckResponse> {
    return this.languageTool.check(request.user?.id ?? null, paramsOf(request));
  }

  @Get('check')
  @ApiExcludeEndpoint()
  public checkGet(@Req() request: LtRequest): Promise<CheckResponse> {
    return this.checkPost(request);
  }

  @Get('languages')
  @Public()
  @UseInterceptors(CacheInterceptor)
  @ApiOperation({
    summary: 'Supported languages (LanguageTool API v2)',
    description: 'Some clients use it as their health check.',
  })
  public languages(): typeof LT_LANGUAGES {
    return LT_LANGUAGES;
  }

  @Get('info')
  @Public()
  @UseInterceptors(CacheInterceptor)
  @ApiOperation({ summary: 'Server information (LanguageTool API v2)' })
  public info(): { software: typeof SOFTWARE } {
    return { software: SOFTWARE };
  }

  @Get('words')
  @ApiOperation({
    summary: 'Your personal dictionary (LanguageTool API v2)',
    description: '`offset`, `limit`; needs `username` + `apiKey`.',
  })
  public async words(@Req() request: LtRequest): Promise<{ words: string[] }> {
    const params = paramsOf(request);
    const offset = boundedInt(params.offset, 0, 0, 1_000_000, 'offset');
    const limit = boundedInt(params.limit, 10, 1, 1_000, 'limit');
    return { words: (await this.personal.page(userOf(request), offset, limit)).words };
  }

  @Post('words/add')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add a word to your personal dictionary (LanguageTool API v2)' })
  public async addWord(@Req() request: LtRequest): Promise<{ added: true }> {
    await this.personal.add(userOf(request), requiredWord(paramsOf(request)));
    return { added: true };
  }

  @Post('words/delete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a word from your personal dictionary (LanguageTool API v2)' })
  public async deleteWord(@Req() request: LtRequest): Promise<{ deleted: true }> {
    await this.personal.remove(userOf(request), requiredWord(paramsOf(request)));
    return { deleted: true };
  }
}

/** Query string and form body together (the body wins); repeated parameters keep their last value. */
function paramsOf(request: FastifyRequest): LanguageToolParams {
  const params: LanguageToolParams = {};
  for (const source of [request.query, request.body]) {
    if (!source || typeof source !== 'object') continue;
    for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
      const last = Array.isArray(value) ? value.at(-1) : value;
      if (typeof last === 'string') params[key] = last;
    }
  }
  return params;
}

function userOf(request: LtRequest): string {
  if (!request.user)
    throw new LanguageToolError(400, "'username' and 'apiKey' are required for the personal dictionary");
  return request.user.id;
}

function requiredWord(params: LanguageToolParams): string {
  if (!params.word) throw new LanguageToolError(400, "Missing 'word' parameter");
  return params.word;
}

function boundedInt(
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
  name: string,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new LanguageToolError(400, `'${name}' must be an integer from ${min} to ${max}`);
  return n;
}
