import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import { RateLimitPolicy } from '#src/infra/rate-limit/rate-limit.decorators.js';

import {
  ApiEndsSessions,
  ApiLoginResponses,
  ApiRefreshResponses,
  ApiRegisterResponses,
} from './auth.openapi.js';
import { AuthService } from './auth.service.js';
import type { AuthUser } from './auth-user.js';
import type { AuthResult, TokenPair } from './auth.types.js';
import { CurrentUser } from './decorators/current-user.decorator.js';
import { Public } from './decorators/public.decorator.js';
import {
  loginSchema,
  refreshSchema,
  registerSchema,
  type LoginBody,
  type RefreshBody,
  type RegisterBody,
} from './dto/auth.schemas.js';
import { Client } from './sessions/client-info.decorator.js';
import { SessionService } from './sessions/session.service.js';
import type { ClientInfo } from './sessions/session.types.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  public constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
  ) {}

  @Public()
  @RateLimitPolicy('auth')
  @Post('register')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create an account and log in', description: 'Passwords: 8–128 characters.' })
  @ApiRegisterResponses()
  public register(
    @Body({ schema: registerSchema }) body: RegisterBody,
    @Client() client: ClientInfo,
  ): Promise<AuthResult> {
    return this.auth.register(body, client);
  }

  @Public()
  @RateLimitPolicy('auth')
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Log in: starts a new session' })
  @ApiLoginResponses()
  public login(
    @Body({ schema: loginSchema }) body: LoginBody,
    @Client() client: ClientInfo,
  ): Promise<AuthResult> {
    return this.auth.login(body, client);
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Trade a refresh token for a new pair',
    description:
      'Rotation: every refresh token works once. Replaying the previous one within a few seconds returns the current pair; ' +
      'replaying an older one ends the session.',
  })
  @ApiRefreshResponses()
  public refresh(@Body({ schema: refreshSchema }) body: RefreshBody): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End the current session' })
  @ApiEndsSessions('Logged out: this access token and its refresh token stop working at once.')
  public logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.sessions.logout(user);
  }

  @Post('logout-all')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End every session of the account, this one included' })
  @ApiEndsSessions('Every session ended.')
  public logoutAll(@CurrentUser() user: AuthUser): Promise<void> {
    return this.sessions.logoutAll(user);
  }
}
