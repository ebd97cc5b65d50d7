import { Controller, Delete, Get, HttpCode, HttpStatus, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';

import { ApiSessionDeleteResponses, ApiSessionListResponses } from '../auth.openapi.js';
import type { AuthUser } from '../auth-user.js';
import { CurrentUser } from '../decorators/current-user.decorator.js';
import { SessionService, type SessionView } from './session.service.js';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth/sessions')
export class SessionsController {
  public constructor(private readonly sessions: SessionService) {}

  @Get()
  @ApiOperation({ summary: 'Your live sessions (devices)' })
  @ApiSessionListResponses()
  public list(@CurrentUser() user: AuthUser): Promise<SessionView[]> {
    return this.sessions.list(user);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End one of your sessions' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiSessionDeleteResponses()
  public end(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    return this.sessions.end(user, id);
  }
}
