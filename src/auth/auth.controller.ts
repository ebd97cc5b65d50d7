import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { UnauthorizedError, ValidationError } from '#src/infra/http/errors.js';
import { RateLimitPolicy } from '#src/infra/rate-limit/rate-limit.decorators.js';

import {
  ApiEndsSessions,
  ApiLoginResponses,
  ApiRefreshResponses,
  ApiRegisterResponses,
} from './auth.openapi.js';
import { AuthService } from './auth.service.js';
import type { AuthResult, TokenPair } from './auth.types.js';

/** A token answer whose refresh token went into the `pp_refresh` cookie (`X-Refresh-Transport: cookie`). */
type BrowserAuthResult = Omit<AuthResult, 'refreshToken'> | Omit<TokenPair, 'refreshToken'>;
import { Public } from '#src/infra/http/public.decorator.js';

import type { AuthUser } from './auth-user.js';
import { CurrentUser } from './decorators/current-user.decorator.js';
import {
  type LoginBody,
  loginSchema,
  type RefreshBody,
  refreshSchema,
  type RegisterBody,
  registerSchema,
} from './dto/auth.schemas.js';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_SECONDS, DEVICE_COOKIE_PATH } from './login/device-cookie.js';
import { RefreshCookie } from './refresh/refresh-cookie.js';
import { Client } from './sessions/client-info.decorator.js';
import { SessionService } from './sessions/session.service.js';
import type { ClientInfo } from './sessions/session.types.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  public constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly refreshCookie: RefreshCookie,
  ) {}

  @Public()
  @RateLimitPolicy('auth')
  @Post('register')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create an account and log in', description: 'Passwords: 8–128 characters.' })
  @ApiRegisterResponses()
  public async register(
    @Body({ schema: registerSchema }) body: RegisterBody,
    @Client() client: ClientInfo,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthResult | BrowserAuthResult> {
    return this.deliver(request, reply, await this.auth.register(body, client));
  }

  @Public()
  @RateLimitPolicy('auth')
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Log in: starts a new session',
    description:
      'Wrong passwords are limited per account and address, and per account from unknown devices; a browser that ' +
      'signed in before carries a device cookie that keeps it working while an account is under attack.',
  })
  @ApiLoginResponses()
  public async login(
    @Body({ schema: loginSchema }) body: LoginBody,
    @Client() client: ClientInfo,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthResult | BrowserAuthResult> {
    const { deviceCookie, ...result } = await this.auth.login(body, client, request.cookies[DEVICE_COOKIE]);
    void reply.setCookie(DEVICE_COOKIE, deviceCookie, {
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
      path: DEVICE_COOKIE_PATH,
      maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
    });
    return this.deliver(request, reply, result);
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
  public async refresh(
    @Body({ schema: refreshSchema }) body: RefreshBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPair | BrowserAuthResult> {
    const presented = body.refreshToken ?? this.refreshCookie.read(request);
    if (presented) return this.deliver(request, reply, await this.auth.refresh(presented));
    // A browser without the cookie is simply not signed in (a first visit, or after sign-out), not a bad request.
    if (this.refreshCookie.wanted(request))
      throw new UnauthorizedError('This browser is not signed in: sign in again.');
    throw new ValidationError([{ field: 'refreshToken', message: 'is required' }]);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End the current session' })
  @ApiEndsSessions('Logged out: this access token and its refresh token stop working at once.')
  public async logout(
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.sessions.logout(user);
    this.refreshCookie.clear(request, reply);
  }

  @Post('logout-all')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End every session of the account, this one included' })
  @ApiEndsSessions('Every session ended.')
  public async logoutAll(
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.sessions.logoutAll(user);
    this.refreshCookie.clear(request, reply);
  }

  /** The body as it is, or, for a browser that asked for the cookie, the refresh token moved into it. */
  private deliver<T extends TokenPair>(
    request: FastifyRequest,
    reply: FastifyReply,
    result: T,
  ): T | Omit<T, 'refreshToken'> {
    if (!this.refreshCookie.wanted(request)) return result;
    const { refreshToken, ...rest } = result;
    this.refreshCookie.set(request, reply, refreshToken);
    return rest;
  }
}
