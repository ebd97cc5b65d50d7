import { CanActivate, ExecutionContext, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import passport from 'passport';

import { CacheReadAheads } from '#src/infra/cache/read-ahead.js';
import { AppError, ForbiddenError, UnauthorizedError } from '#src/infra/http/errors.js';
import { IS_PUBLIC_KEY } from '#src/infra/http/public.decorator.js';
import { perRoute } from '#src/infra/http/route-memo.js';
import { RateLimitGuard } from '#src/infra/rate-limit/rate-limit.guard.js';

import { ApiKeyService } from '../api-keys/api-key.service.js';
import type { AuthUser } from '../auth-user.js';
import { API_KEY_AUTH_KEY } from '../decorators/api-key-auth.decorator.js';
import { JwtStrategy } from '../jwt/jwt.strategy.js';

/**
 * Global guard (APP_GUARD): every route needs a valid access token of a live session unless it is
 * marked `@Public()`. Every rejection is the same 401, whatever was wrong with the token. Routes marked
 * `@ApiKeyAuth()` take `username` + `apiKey` parameters instead (or nothing: anonymous).
 *
 * A token passport-jwt verified before skips passport (see `VerifiedTokens`); its session is checked all
 * the same, while the rate limiter counts the request (`RateLimitGuard.countEarly`) and a `@ReadAhead`
 * route's cached value is read (`CacheReadAheads`): one Redis round trip for the three.
 *
 * It hands passport this app's own strategy instance rather than the name `'jwt'`: passport keeps
 * named strategies in a process-wide registry, so with two app instances in one process (tests,
 * benchmarks) the last one constructed would otherwise verify every app's tokens against its database.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  public constructor(
    private readonly reflector: Reflector,
    private readonly strategy?: JwtStrategy,
    private readonly apiKeys?: ApiKeyService,
    @Optional() private readonly rateLimits?: RateLimitGuard,
    @Optional() private readonly readAheads?: CacheReadAheads,
  ) {}

  /** How a route authenticates, from its decorators. */
  private readonly accessOf = perRoute((handler, controller): 'api-key' | 'public' | 'token' => {
    const read = (key: string) =>
      this.reflector.getAllAndOverride<boolean | undefined>(key, [handler, controller]);
    if (read(API_KEY_AUTH_KEY)) return 'api-key';
    return read(IS_PUBLIC_KEY) ? 'public' : 'token';
  });

  public async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.accessOf(context);
    if (access === 'api-key') {
      await this.authenticateApiKey(context.switchToHttp().getRequest());
      return true;
    }
    if (access === 'public') return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: AuthUser }>();
    const known = this.strategy!.recallVerified(request);
    if (known) {
      // Counted, read and checked in the same tick: ioredis pipelines the three into one round trip.
      const caller = { id: known.sub };
      this.rateLimits?.countEarly(context, caller);
      this.readAheads?.start(context, caller);
      request.user = await this.strategy!.userFor(known).then(
        (user) => this.handleRequest(null, user),
        (err: unknown) => this.handleRequest(err, false),
      );
      return true;
    }
    request.user = await new Promise<AuthUser>((resolve, reject) => {
      const done = (err: unknown, user: unknown) => {
        try {
          resolve(this.handleRequest(err, user));
        } catch (rejection) {
          reject(rejection);
        }
      };
      // A fresh object per request: passport sets its success/fail callbacks on the strategy it is given.
      passport.authenticate(Object.create(this.strategy!) as passport.Strategy, { session: false }, done)(
        request,
        http.getResponse(),
        (err: unknown) => (err ? reject(err) : resolve(this.handleRequest(null, false))),
      );
    });
    return true;
  }

  /** Sets `request.user` from `username` + `apiKey` (query or form body); leaves it unset without them. */
  private async authenticateApiKey(request: {
    query?: unknown;
    body?: unknown;
    user?: AuthUser;
  }): Promise<void> {
    const params = { ...asRecord(request.query), ...asRecord(request.body) };
    const { username, apiKey } = params;
    if (username === undefined && apiKey === undefined) return;
    const owner =
      typeof username === 'string' && typeof apiKey === 'string'
        ? await this.apiKeys!.verify(username, apiKey)
        : undefined;
    if (!owner) throw new ForbiddenError('The username or API key is not valid.');
    request.user = {
      id: owner.userId,
      role: owner.role,
      email: owner.email,
      sessionId: `apikey:${owner.keyId}`,
    };
  }

  /** passport calls this with `err` for failures to check (e.g. the database is down), `user: false` for bad tokens. */
  public handleRequest<TUser = AuthUser>(err: unknown, user: unknown): TUser {
    if (err instanceof AppError && err.status !== 401) throw err;
    if (err && !(err instanceof AppError)) throw err;
    if (!user) throw new UnauthorizedError();
    return user as TUser;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}
