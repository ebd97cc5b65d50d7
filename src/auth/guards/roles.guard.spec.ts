import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';

import { ForbiddenError, UnauthorizedError } from '#src/infra/http/errors.js';

import type { AuthUser } from '../auth-user.js';
import { Roles } from '../decorators/roles.decorator.js';
import { RolesGuard } from './roles.guard.js';

class Routes {
  @Roles('admin')
  public adminOnly(): void {}
  public anyone(): void {}
}

function context(handler: () => void, user?: AuthUser): ExecutionContext {
  return {
    getHandler: () => handler,
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => ({ user }) }),
  } as unknown as ExecutionContext;
}

const user = (role: AuthUser['role']): AuthUser => ({ id: 'u', role, sessionId: 's', email: 'a@b.c' });

describe('RolesGuard', () => {
  const guard = new RolesGuard(new Reflector());

  it('lets anyone through a route without @Roles', () => {
    expect(guard.canActivate(context(Routes.prototype.anyone))).toBe(true);
  });

  it('allows admins on @Roles("admin"), 403 for users, 401 for anonymous', () => {
    expect(guard.canActivate(context(Routes.prototype.adminOnly, user('admin')))).toBe(true);
    expect(() => guard.canActivate(context(Routes.prototype.adminOnly, user('user')))).toThrow(
      ForbiddenError,
    );
    expect(() => guard.canActivate(context(Routes.prototype.adminOnly))).toThrow(UnauthorizedError);
  });
});
