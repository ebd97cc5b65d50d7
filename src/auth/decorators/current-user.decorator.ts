import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import { UnauthorizedError } from '#src/infra/http/errors.js';

import type { AuthUser } from '../auth-user.js';

/**
 * The authenticated caller (`AuthUser`), set by the global JWT guard. Only meaningful on protected routes:
 * on a `@Public()` route nobody was authenticated, and using it there answers 401.
 */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user;
  if (!user) throw new UnauthorizedError();
  return user;
});
