import { Controller, Delete, Param } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { Roles } from '#src/auth/decorators/roles.decorator.js';
import { DictionaryRefreshService } from '#src/dictionary/dictionary-refresh.service.js';
import { type RefreshResult, refreshResultSchema } from '#src/dictionary/dto/dictionary.schemas.js';
import { RateLimitPolicy } from '#src/infra/rate-limit/rate-limit.decorators.js';

import { Audited } from '../audit/audited.decorator.js';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@RateLimitPolicy('admin')
@Controller('admin/dictionary')
export class DictionaryAdminController {
  constructor(private readonly refresher: DictionaryRefreshService) {}

  @Delete(':word')
  @Audited('dictionary.refresh')
  @ApiOperation({
    summary: 'Refresh a word',
    description:
      'Drops the Redis and PostgreSQL copies (and, through `dictionary.entry.refreshed`, every L1 copy): the next lookup asks the sources again.',
  })
  @ApiOkResponse({ description: 'The copies are gone.', standardSchema: refreshResultSchema })
  @ApiBadRequestResponse({ description: 'Not a word.' })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid access token.' })
  @ApiForbiddenResponse({ description: 'Not an admin.' })
  public refresh(@Param('word') word: string): Promise<RefreshResult> {
    return this.refresher.refresh(word);
  }
}
