import type { ExecutionContext } from '@nestjs/common';
import { describe, expect, it } from 'vitest';

import type { AppConfig } from '#src/config/app-config.js';
import { UnauthorizedError } from '#src/infra/http/errors.js';

import { MetricsTokenGuard } from './metrics-token.guard.js';

const TOKEN = 'a-metrics-token-of-some-length';

function context(authorization?: string): ExecutionContext {
  return {
    switchToHttp: () => ({ getRequest: () => ({ headers: authorization ? { authorization } : {} }) }),
  } as unknown as ExecutionContext;
}

const guard = (token?: string) => new MetricsTokenGuard({ metrics: { token } } as AppConfig);

describe('MetricsTokenGuard', () => {
  it('lets everybody scrape when no token is configured', () => {
    expect(guard().canActivate(context())).toBe(true);
  });

  it('needs the exact bearer token when one is configured', () => {
    expect(guard(TOKEN).canActivate(context(`Bearer ${TOKEN}`))).toBe(true);
    expect(guard(TOKEN).canActivate(context(`bearer ${TOKEN}`))).toBe(true);
    for (const header of [
      undefined,
      TOKEN,
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Basic ${TOKEN}`,
      'Bearer ',
    ]) {
      expect(() => guard(TOKEN).canActivate(context(header)), String(header)).toThrow(UnauthorizedError);
    }
  });
});
