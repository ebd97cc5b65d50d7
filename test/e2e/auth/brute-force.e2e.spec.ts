import { describe, expect, it } from 'vitest';

import { registerUser } from '../../helpers/auth.js';
import { useTestApp } from '../../helpers/use-test-app.js';
import { AUTH } from './auth.api.js';

const IP_LIMIT = 12;
const EMAIL_LIMIT = 4;

/**
 * Login is limited per client IP and per email (the rate-limit issue's `auth` policy on these routes).
 * TRUST_PROXY is off, so X-Forwarded-For is the client's own claim and must not buy fresh attempts.
 */
describe('login brute force', () => {
  const e2e = useTestApp({
    RATE_LIMIT_AUTH_IP_LIMIT: String(IP_LIMIT),
    RATE_LIMIT_AUTH_EMAIL_LIMIT: String(EMAIL_LIMIT),
  });
  let spoof = 0;

  const login = async (email: string, password: string) => {
    spoof += 1;
    const res = await e2e.app.request(`${AUTH}/login`, {
      method: 'POST',
      json: { email, password },
      headers: { 'x-forwarded-for': `198.51.100.${spoof}` },
    });
    await res.body?.cancel();
    return res.status;
  };

  it('stops guessing one account’s password, even with the right one, whatever X-Forwarded-For says', async () => {
    const victim = await registerUser(e2e.app);
    const statuses: number[] = [];
    for (let i = 0; i <= EMAIL_LIMIT && !statuses.includes(429); i++) {
      statuses.push(await login(i % 2 ? victim.email.toUpperCase() : victim.email, `guess-number-${i}`));
    }
    // The email's budget is shared with its registration, so the block may come one guess early.
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.length).toBeLessThanOrEqual(EMAIL_LIMIT + 1);
    expect(await login(victim.email, victim.password)).toBe(429);
  });

  it('stops one client spraying many accounts, whatever X-Forwarded-For says', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= IP_LIMIT && !statuses.includes(429); i++)
      statuses.push(await login(`spray-${i}@example.test`, 'Winter2026!'));
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(IP_LIMIT);
  });
});
