import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';

import { AppError, UnauthorizedError } from '#src/infra/http/errors.js';

import type { AuthUser } from '../auth-user.js';
import { IS_PUBLIC_KEY } from '../decorators/public.decorator.js';
import { JWT_STRATEGY } from '../jwt/jwt.strategy.js';

/**
 * Global guard (APP_GUARD): every route needs a valid access token of a live session unless it is
 * marked `@Public()`. Every rejection is the same 401, whatever was wrong with the token.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard(JWT_STRATEGY) {
  public constructor(private readonly reflector: Reflector) {
    super();
  }

  public override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    return super.canActivate(context) as Promise<boolean>;
  }

  /** passport calls this with `err` for failures to check (e.g. the database is down), `user: false` for bad tokens. */
  public override handleRequest<TUser = AuthUser>(err: unknown, user: unknown): TUser {
    if (err instanceof AppError && err.status !== 401) throw err;
    if (err && !(err instanceof AppError)) throw err;
    if (!user) throw new UnauthorizedError();
    return user as TUser;
  }
}
