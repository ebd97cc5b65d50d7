import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';

import type { AuthUser } from '#src/auth/auth-user.js';
import { CurrentUser } from '#src/auth/decorators/current-user.decorator.js';

import { MAX_PERSONAL_WORDS, PersonalDictionaryService } from './personal-dictionary.service.js';

const addWordSchema = z.strictObject({ word: z.string().max(512) }).meta({ id: 'PersonalWordAdd' });
const pageQuerySchema = z.strictObject({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});
const pageSchema = z
  .object({ words: z.array(z.string()), total: z.number().int() })
  .meta({ id: 'PersonalWordPage' });

/** `/dictionary/personal`: words the checkers never flag for you (also `/v2/words` for LanguageTool clients). */
@ApiTags('dictionary')
@ApiBearerAuth()
@Controller('dictionary/personal')
export class PersonalDictionaryController {
  public constructor(private readonly personal: PersonalDictionaryService) {}

  @Get()
  @ApiOperation({
    summary: 'Your personal dictionary',
    description: 'Alphabetical; `offset` and `limit` (≤ 1,000) page it.',
  })
  @ApiOkResponse({ standardSchema: pageSchema })
  public list(
    @CurrentUser() user: AuthUser,
    @Query({ schema: pageQuerySchema }) query: z.infer<typeof pageQuerySchema>,
  ): Promise<{ words: string[]; total: number }> {
    return this.personal.page(user.id, query.offset, query.limit);
  }

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Add a word',
    description: `Never flagged as a spelling mistake for you from the next request on. At most ${MAX_PERSONAL_WORDS} words.`,
  })
  @ApiCreatedResponse({ standardSchema: z.object({ word: z.string() }) })
  @ApiConflictResponse({ description: 'The dictionary is full.' })
  public async add(
    @CurrentUser() user: AuthUser,
    @Body({ schema: addWordSchema }) body: z.infer<typeof addWordSchema>,
  ): Promise<{ word: string }> {
    return { word: await this.personal.add(user.id, body.word) };
  }

  @Delete(':word')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a word' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiNotFoundResponse({ description: 'Not in your personal dictionary.' })
  public remove(@CurrentUser() user: AuthUser, @Param('word') word: string): Promise<void> {
    return this.personal.remove(user.id, word);
  }
}
