import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

import type { AuthUser } from '../auth-user.js';
import { CurrentUser } from '../decorators/current-user.decorator.js';
import type { ApiKeySummary } from './api-key.repository.js';
import { ApiKeyService, type CreatedApiKey, MAX_API_KEYS } from './api-key.service.js';
import {
  apiKeyListSchema,
  type CreateApiKeyBody,
  createApiKeySchema,
  createdApiKeySchema,
} from './dto/api-key.schemas.js';

/** Keys for tools that send `username` + `apiKey` instead of a bearer token (LanguageTool clients). */
@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api-keys')
export class ApiKeysController {
  public constructor(private readonly keys: ApiKeyService) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Create an API key',
    description: `The key is shown this once. At most ${MAX_API_KEYS} per user.`,
  })
  @ApiCreatedResponse({ description: 'The new key.', standardSchema: createdApiKeySchema })
  @ApiConflictResponse({ description: `You have ${MAX_API_KEYS} keys already.` })
  public create(
    @CurrentUser() user: AuthUser,
    @Body({ schema: createApiKeySchema }) body: CreateApiKeyBody,
  ): Promise<CreatedApiKey> {
    return this.keys.create(user.id, body.name);
  }

  @Get()
  @ApiOperation({ summary: 'Your API keys (never the keys themselves)' })
  @ApiOkResponse({ description: 'Live keys, newest first.', standardSchema: apiKeyListSchema })
  public list(@CurrentUser() user: AuthUser): Promise<ApiKeySummary[]> {
    return this.keys.list(user.id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Revoke an API key',
    description: 'The next request with it fails, on every instance.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiNotFoundResponse({ description: 'No live key with this id among yours.' })
  public revoke(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    return this.keys.revoke(user.id, id);
  }
}
