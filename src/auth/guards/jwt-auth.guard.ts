import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import passport from 'passport';

import { AppError, UnauthorizedError } from '#src/infra/http/errors.js';

import type { AuthUser } from '../auth-user.js';
import { IS_PUBLIC_KEY } from '../decorators/public.decorator.js';
import { JwtStrategy } from '../jwt/jwt.strategy.js';

/**
 * Global guard (APP_GUARD): every route needs a valid access token of a live session unless it is
 * marked `@Public()`. Every rejection is the same 401, whatever was wrong with the token.
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
  ) {}

  public async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<{ user?: AuthUser }>();
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

  /** passport calls this with `err` for failures to check (e.g. the database is down), `user: false` for bad tokens. */
  public handleRequest<TUser = AuthUser>(err: unknown, user: unknown): TUser {
    if (err instanceof AppError && err.status !== 401) throw err;
    if (err && !(err instanceof AppError)) throw err;
    if (!user) throw new UnauthorizedError();
    return user as TUser;
  }
}
