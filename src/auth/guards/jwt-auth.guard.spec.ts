import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';

import { CacheReadAheads } from '#src/infra/cache/read-ahead.js';
import { UnauthorizedError, UpstreamUnavailableError } from '#src/infra/http/errors.js';
import { Public } from '#src/infra/http/public.decorator.js';
import { RateLimitGuard } from '#src/infra/rate-limit/rate-limit.guard.js';
import { strictMock } from '#test/helpers/strict-mock.js';

import type { AuthUser } from '../auth-user.js';
import { JwtStrategy } from '../jwt/jwt.strategy.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';

@Public()
class OpenRoutes {
  public health(): void {}
}

class TokenRoutes {
  public profile(): void {}
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

  it('starts the rate-limit count and the route’s read-ahead for a token seen before while its session is still being checked', async () => {
    const claims = { sub: 'u1', sid: 's1', role: 'user' as const, iss: 'i', aud: 'a', iat: 1, exp: 2 };
    const user: AuthUser = { id: 'u1', role: 'user', sessionId: 's1', email: 'a@b.c' };
    let answerSession!: (u: AuthUser) => void;
    const strategy = strictMock(JwtStrategy, {
      recallVerified: () => claims,
      userFor: () => new Promise<AuthUser>((resolve) => (answerSession = resolve)),
    });
    const rateLimits = strictMock(RateLimitGuard, { countEarly: () => undefined });
    const readAheads = strictMock(CacheReadAheads, { start: () => undefined });
    const request: { user?: AuthUser } = {};
    const ctx = {
      getHandler: () => TokenRoutes.prototype.profile,
      getClass: () => TokenRoutes,
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }),
    } as unknown as ExecutionContext;

    const guard = new JwtAuthGuard(new Reflector(), strategy, undefined, rateLimits, readAheads);
    const allowed = guard.canActivate(ctx);
    await Promise.resolve();
    // The session has not answered yet; the limiter already counts the token's user, and the route's
    // cached value is already being read.
    expect(rateLimits.countEarly).toHaveBeenCalledWith(ctx, { id: 'u1' });
    expect(readAheads.start).toHaveBeenCalledWith(ctx, { id: 'u1' });
    expect(request.user).toBeUndefined();
    answerSession(user);
    expect(await allowed).toBe(true);
    expect(request.user).toBe(user);
  });
});
