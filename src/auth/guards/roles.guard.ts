import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { ForbiddenError, UnauthorizedError } from '#src/infra/http/errors.js';
import { perRoute } from '#src/infra/http/route-memo.js';

import type { AuthUser, UserRole } from '../auth-user.js';
import { ROLES_KEY } from '../decorators/roles.decorator.js';

/** Global guard after `JwtAuthGuard`: enforces `@Roles(...)` (401 anonymous, 403 another role). */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly rolesOf = perRoute((handler, controller) =>
    this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES_KEY, [handler, controller]),
  );

  public constructor(private readonly reflector: Reflector) {}

  public canActivate(context: ExecutionContext): boolean {
    const roles = this.rolesOf(context);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!user) throw new UnauthorizedError();
    if (!roles.includes(user.role)) throw new ForbiddenError();
    return true;
  }
}
