import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { Public } from '#src/infra/http/public.decorator.js';
import { RateLimitPolicy } from '#src/infra/rate-limit/rate-limit.decorators.js';

import { FreeDictionaryMirror } from './free-dictionary-mirror.service.js';

/** The Free Dictionary API's own content type. */
const API_CONTENT_TYPE = 'application/json; charset=utf-8';

/** A cached, never-down mirror of the Free Dictionary API for programs written against it. */
@ApiTags('dictionary')
@Public()
@RateLimitPolicy('mirror')
@Controller('api/v2/entries')
export class FreeDictionaryMirrorController {
  public constructor(private readonly mirror: FreeDictionaryMirror) {}

  @Get(':language/:word')
  @ApiOperation({
    summary: 'Free Dictionary API mirror',
    description:
      'Answers exactly what `https://api.dictionaryapi.dev/api/v2/entries/:language/:word` would: the entries array ' +
      '(the API’s own bytes), or a 404 `{title, message, resolution}`; languages other than `en` get the 404. ' +
      'Anonymous, limited per address; free sources only (never Gemini).',
  })
  @ApiParam({ name: 'language', example: 'en' })
  @ApiParam({ name: 'word', example: 'hello' })
  public async entries(
    @Param('language') language: string,
    @Param('word') word: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const answer = await this.mirror.entriesFor(language, word);
    await reply.status(answer.status).header('Content-Type', API_CONTENT_TYPE).send(Buffer.from(answer.body));
  }
}
