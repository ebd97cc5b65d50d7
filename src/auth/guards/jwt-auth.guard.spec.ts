import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';

import { UnauthorizedError, UpstreamUnavailableError } from '#src/infra/http/errors.js';
import { Public } from '#src/infra/http/public.decorator.js';

import { JwtAuthGuard } from './jwt-auth.guard.js';

@Public()
class OpenRoutes {
  public health(): void {}
}

describe('JwtAuthGuard', () => {
  const guard = new JwtAuthGuard(new Reflector());

  it('lets @Public() routes through without looking at any token', async () => {
    const ctx = {
      getHandler: () => OpenRoutes.prototype.health,
      getClass: () => OpenRoutes,
    } as unknown as ExecutionContext;
    expect(await guard.canActivate(ctx)).toBe(true);
  });

  it('answers every rejected token with the same 401', () => {
    expect(() => guard.handleRequest(null, false)).toThrow(UnauthorizedError);
    expect(() => guard.handleRequest(new UnauthorizedError('x'), false)).toThrow(UnauthorizedError);
  });

  it('lets a failure to check (e.g. the database is down) surface as itself, not as a 401', () => {
    const down = new UpstreamUnavailableError('postgres');
    expect(() => guard.handleRequest(down, false)).toThrow(down);
    const crash = new Error('connection refused');
    expect(() => guard.handleRequest(crash, false)).toThrow(crash);
  });

  it('returns the authenticated user', () => {
    const user = { id: 'u', role: 'user', sessionId: 's', email: 'a@b.c' };
    expect(guard.handleRequest(null, user)).toBe(user);
  });
});
