import { SetMetadata } from '@nestjs/common';

import type { UserRole } from '../auth-user.js';

export const ROLES_KEY = 'auth:roles';

/**
 * Restricts a route (or controller) to the given roles: 401 without a valid token, 403 with a token of
 * another role. Checked by `RolesGuard`, after the JWT guard.
 */
export const Roles = (...roles: UserRole[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, roles);
