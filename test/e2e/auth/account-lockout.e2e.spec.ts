import { beforeAll, describe, expect, it } from 'vitest';

import { type RegisteredUser, registerUser } from '../../helpers/auth.js';
import { useTestApp } from '../../helpers/use-test-app.js';
import { AUTH } from './auth.api.js';

const PER_ADDRESS = 5;
const PER_ACCOUNT = 12;
const PER_DEVICE = 3;

/**
 * Security review #4 and #5: wrong passwords from strangers never lock the owner out, guessing from many
 * addresses is bounded per account, known devices keep working, and `PATCH /users/me` is no password oracle.
 * TRUST_PROXY=1, so X-Forwarded-For names the client address as a proxy in front would.
 */
describe('wrong-password budgets', () => {
  const e2e = useTestApp({
    TRUST_PROXY: '1',
    AUTH_LOGIN_ADDRESS_FAILURES: String(PER_ADDRESS),
    AUTH_LOGIN_ACCOUNT_FAILURES: String(PER_ACCOUNT),
    AUTH_LOGIN_DEVICE_FAILURES: String(PER_DEVICE),
  });

  const login = (email: string, password: string, from: string, cookie?: string) =>
    e2e.app.request(`${AUTH}/login`, {
      method: 'POST',
      json: { email, password },
      headers: { 'x-forwarded-for': from, ...(cookie ? { cookie } : {}) },
    });
  const deviceCookieOf = (res: Response) => {
    const set = res.headers.getSetCookie().find((c) => c.startsWith('pp_device='));
    expect(set).toBeDefined();
    return set!.split(';')[0];
  };

  it('eight wrong passwords from one address: that address gets 429, the owner signs in from another', async () => {
    const owner = await registerUser(e2e.app);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await login(owner.email, `guess-${i}`, '203.0.113.9')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const locked = await login(owner.email, `guess-9`, '203.0.113.9');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(await locked.json()).toMatchObject({
      status: 429,
      detail: expect.stringContaining('wrong passwords'),
    });

    const res = await login(owner.email, owner.password, '198.51.100.20');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { email: owner.email } });
  });

  describe('guessing from many addresses', () => {
    let owner: RegisteredUser;
    let knownDevice: string;
    let guesses: number[];

    beforeAll(async () => {
      owner = await registerUser(e2e.app);
      // The owner signed in from this browser before the attack: it holds a device cookie.
      const before = await login(owner.email, owner.password, '198.51.100.30');
      expect(before.status).toBe(200);
      knownDevice = deviceCookieOf(before);
      guesses = [];
      for (let i = 0; i < 40; i++) {
        guesses.push((await login(owner.email, `spray-${i}`, `192.0.2.${1 + (i % 10)}`)).status);
      }
    });

    it('get at most the account budget of guesses per window', () => {
      expect(guesses.filter((s) => s === 401)).toHaveLength(PER_ACCOUNT);
      expect(guesses.slice(PER_ACCOUNT).every((s) => s === 429)).toBe(true);
    });

    it('a new device, even with the right password, waits; the known device signs in', async () => {
      expect((await login(owner.email, owner.password, '198.51.100.31')).status).toBe(429);
      const res = await login(owner.email, owner.password, '198.51.100.32', knownDevice);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ user: { email: owner.email } });
    });

    it("a device cookie proves nothing for another account, and a known device's own budget is bounded", async () => {
      const other = await registerUser(e2e.app);
      // For another account the cookie counts as no cookie (it verifies only for the account it signed in to).
      expect((await login(other.email, other.password, '198.51.100.33', knownDevice)).status).toBe(200);
      const statuses: number[] = [];
      for (let i = 0; i < PER_DEVICE + 2; i++)
        statuses.push((await login(owner.email, `oops-${i}`, '198.51.100.34', knownDevice)).status);
      expect(statuses).toEqual([...Array<number>(PER_DEVICE).fill(401), 429, 429]);
    });
  });

  it('the 21st wrong current password on PATCH /users/me is a 429, and so is the right one then', async () => {
    const user = await registerUser(e2e.app);
    const change = (currentPassword: string) =>
      e2e.app.request('/api/v1/users/me', {
        method: 'PATCH',
        token: user.accessToken,
        json: { currentPassword, newPassword: 'a brand new password' },
      });
    for (let i = 0; i < 20; i++) {
      const res = await change(`wrong-${i}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        errors: [{ field: 'currentPassword', message: 'is not the current password' }],
      });
    }
    const blocked = await change('wrong-21');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await change(user.password)).status).toBe(429);
    // The password did not change: the old one still signs in.
    expect((await login(user.email, user.password, '198.51.100.40')).status).toBe(200);
  });
});
