import { afterEach, describe, expect, it, vi } from 'vitest';

import type { AccessTokenClaims } from './access-token.claims.js';
import { VerifiedTokens } from './verified-tokens.js';

const NOW_S = 1_800_000_000;
const claims = (exp: number): AccessTokenClaims => ({
  sub: '6f1c2a4e-8d3b-4a51-9b6e-2c7d8e9f0a1b',
  sid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  role: 'user',
  jti: 'j1',
  iss: 'prosepolish',
  aud: 'prosepolish-api',
  iat: NOW_S - 60,
  exp,
});

describe('VerifiedTokens', () => {
  afterEach(() => vi.useRealTimers());

  it('recalls a remembered token by its exact text only', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('a.b.c', claims(NOW_S + 900));
    vi.useFakeTimers({ now: NOW_S * 1_000 });
    expect(tokens.recall('a.b.c')?.sid).toBe('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
    expect(tokens.recall('a.b.d')).toBeUndefined();
  });

  it('forgets a token once jsonwebtoken would call it expired (exp + the clock tolerance)', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('a.b.c', claims(NOW_S));
    vi.useFakeTimers({ now: (NOW_S + 4) * 1_000 + 999 });
    expect(tokens.recall('a.b.c')).toBeDefined();
    vi.setSystemTime((NOW_S + 5) * 1_000);
    expect(tokens.recall('a.b.c')).toBeUndefined();
    vi.setSystemTime(NOW_S * 1_000);
    expect(tokens.recall('a.b.c')).toBeUndefined(); // dropped, not merely hidden
  });
});
