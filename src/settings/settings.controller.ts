import { Body, Controller, Get, Headers, HttpStatus, Patch, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiNotModifiedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import type { AuthUser } from '#src/auth/auth-user.js';
import { CurrentUser } from '#src/auth/decorators/current-user.decorator.js';
import type { CacheReadAhead } from '#src/infra/cache/cache.types.js';
import { ReadAhead, ReadAheadOf } from '#src/infra/cache/read-ahead.js';

import {
  type PatchSettingsBody,
  patchSettingsSchema,
  type ReplaceSettingsBody,
  replaceSettingsSchema,
} from './dto/settings.schemas.js';
import { SETTINGS_CACHE, settingsCacheKeyOfCaller } from './settings.cache.js';
import type { UserSettings } from './settings.model.js';
import { ApiSettingsResponses, IF_MATCH_HEADER_DOC } from './settings.openapi.js';
import { SettingsService } from './settings.service.js';
import { ifNoneMatchHits, parseIfMatch, settingsEtag } from './settings-etag.js';

/**
 * `/api/v1/settings`: always the authenticated user's own settings — there is no user id in the path,
 * so nobody can address anyone else's.
 */
@ApiTags('settings')
@ApiBearerAuth()
@Controller('settings')
export class SettingsController {
  public constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiOperation({ summary: "The caller's settings (the defaults, version 0, until the first save)" })
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: 'An ETag from an earlier read: 304 when still current.',
  })
  @ApiSettingsResponses()
  @ApiNotModifiedResponse({ description: 'If-None-Match names the current version.' })
  @ReadAhead(SETTINGS_CACHE.name, settingsCacheKeyOfCaller)
  public async get(
    @CurrentUser() user: AuthUser,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @ReadAheadOf() readAhead: CacheReadAhead | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserSettings | undefined> {
    const settings = await this.settings.getForUser(user.id, readAhead);
    versionHeaders(reply, user.id, settings);
    if (!ifNoneMatchHits(ifNoneMatch, user.id, settings.version)) return settings;
    void reply.status(HttpStatus.NOT_MODIFIED);
    return undefined;
  }

  @Put()
  @ApiOperation({
    summary: 'Replace every setting',
    description: 'All fields are required; unknown fields are rejected.',
  })
  @ApiHeader(IF_MATCH_HEADER_DOC)
  @ApiSettingsResponses({ writes: true })
  public async replace(
    @CurrentUser() user: AuthUser,
    @Body({ schema: replaceSettingsSchema }) body: ReplaceSettingsBody,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserSettings> {
    const saved = await this.settings.replace(user.id, body, parseIfMatch(ifMatch, user.id));
    return versionHeaders(reply, user.id, saved);
  }

  @Patch()
  @ApiOperation({
    summary: 'Change some settings',
    description: 'Any non-empty subset of the fields; the others are kept.',
  })
  @ApiHeader(IF_MATCH_HEADER_DOC)
  @ApiSettingsResponses({ writes: true })
  public async update(
    @CurrentUser() user: AuthUser,
    @Body({ schema: patchSettingsSchema }) body: PatchSettingsBody,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserSettings> {
    const saved = await this.settings.update(user.id, body, parseIfMatch(ifMatch, user.id));
    return versionHeaders(reply, user.id, saved);
  }
}

/** `ETag` of the version sent; per-user data that a browser may keep but must revalidate. */
function versionHeaders(reply: FastifyReply, userId: string, settings: UserSettings): UserSettings {
  void reply
    .header('ETag', settingsEtag(userId, settings.version))
    .header('Cache-Control', 'private, no-cache');
  return settings;
}
