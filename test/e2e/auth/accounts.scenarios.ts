import { describe, expect, it } from 'vitest';

import { loginUser, registerUser } from '../../helpers/auth.js';
import { AUTH, meStatus, problemShape, refresh, withDb } from './auth.api.js';
import type { AuthScenarioContext } from './auth.scenarios.js';

/** Register, login, profile and password change. */
export function accountScenarios(ctx: () => AuthScenarioContext): void {
  describe('accounts', () => {
    it('registers, logs in and reads the profile, never showing a hash', async () => {
      const { app } = ctx();
      const registered = await registerUser(app, { displayName: 'Ada' });
      expect(registered.user).toEqual({
        id: expect.any(String),
        email: registered.email,
        displayName: 'Ada',
        role: 'user',
        createdAt: expect.any(String),
      });
      const me = await app.request('/api/v1/users/me', { token: registered.accessToken });
      expect(me.status).toBe(200);
      const meText = await me.text();
      expect(JSON.parse(meText)).toEqual(registered.user);

      const login = await app.request(`${AUTH}/login`, {
        method: 'POST',
        json: { email: registered.email.toUpperCase(), password: registered.password },
      });
      expect(login.status).toBe(200);
      const loginText = await login.text();
      expect(JSON.parse(loginText)).toMatchObject({ user: registered.user, expiresIn: 900 });
      for (const text of [meText, loginText]) expect(text).not.toMatch(/argon2|passwordHash|password_hash/i);
    });

    it('answers a wrong password and an unknown email with the same 401', async () => {
      const { app } = ctx();
      const { email } = await registerUser(app);
      const wrongPassword = await app.request(`${AUTH}/login`, {
        method: 'POST',
        json: { email, password: 'not-the-password' },
      });
      const unknownEmail = await app.request(`${AUTH}/login`, {
        method: 'POST',
        json: { email: `nobody-${email}`, password: 'not-the-password' },
      });
      expect(wrongPassword.status).toBe(401);
      expect(await problemShape(unknownEmail)).toEqual(await problemShape(wrongPassword));
    });

    it('refuses a taken email (any case), a short password and unknown fields', async () => {
      const { app } = ctx();
      const { email } = await registerUser(app);
      const post = (json: unknown) => app.request(`${AUTH}/register`, { method: 'POST', json });
      expect((await post({ email: email.toUpperCase(), password: 'long enough password' })).status).toBe(409);
      const short = await post({ email: `new-${email}`, password: 'short' });
      expect(short.status).toBe(400);
      expect(await short.json()).toMatchObject({ errors: [{ field: 'password' }] });
      expect((await post({ email: `new-${email}`, password: 'x'.repeat(129) })).status).toBe(400);
      expect(
        (await post({ email: `new-${email}`, password: 'long enough password', role: 'admin' })).status,
      ).toBe(400);
    });

    it('updates the display name, and rejects `role` with a 400 that changes nothing', async () => {
      const { app, dbUrl } = ctx();
      const { user, accessToken } = await registerUser(app, { displayName: 'Before' });
      // Read first, so a cached profile exists and the update must invalidate it.
      expect(await meStatus(app, accessToken)).toBe(200);
      const patch = (json: unknown) =>
        app.request('/api/v1/users/me', { method: 'PATCH', token: accessToken, json });

      const renamed = await patch({ displayName: 'After' });
      expect(renamed.status).toBe(200);
      expect(await renamed.json()).toMatchObject({ displayName: 'After', role: 'user' });
      const me = await app.request('/api/v1/users/me', { token: accessToken });
      expect(await me.json()).toMatchObject({ displayName: 'After' });

      for (const body of [{ role: 'admin' }, { displayName: 'Sneaky', role: 'admin' }]) {
        const res = await patch(body);
        expect(res.status).toBe(400);
        // The problem names the offending field (however the validation pipe spells unknown keys).
        const { errors } = (await res.json()) as { errors: { field: string; message: string }[] };
        expect(errors.some((e) => e.field === 'role' || e.message.includes('"role"'))).toBe(true);
      }
      const row = await withDb(dbUrl, (c) =>
        c.query('SELECT role, display_name FROM users WHERE id = $1', [user.id]),
      );
      expect(row.rows[0]).toEqual({ role: 'user', display_name: 'After' });
      expect(await (await app.request('/api/v1/users/me', { token: accessToken })).json()).toMatchObject({
        role: 'user',
        displayName: 'After',
      });
    });

    it('refuses a name or a login address with a control character (a NUL was a 500 from PostgreSQL) with a 400 naming the field', async () => {
      const { app } = ctx();
      const { accessToken } = await registerUser(app, { displayName: 'Before' });
      const send = (method: string, path: string, json: unknown) =>
        app.request(path, { method, token: accessToken, json });
      for (const [method, path, field] of [
        ['PATCH', '/api/v1/users/me', 'displayName'],
        ['POST', '/api/v1/api-keys', 'name'],
      ] as const) {
        for (const name of ['VS\u0000Code', 'two\nlines']) {
          const res = await send(method, path, { [field]: name });
          expect(res.status, `${path} ${JSON.stringify(name)}`).toBe(400);
          expect(await res.json()).toMatchObject({
            errors: [{ field, message: 'must not contain control characters' }],
          });
        }
      }
      // An address to log in with is only bounded, but a NUL reached PostgreSQL's query too.
      const login = await app.request(`${AUTH}/login`, {
        method: 'POST',
        json: { email: 'some\u0000one@example.com', password: 'not-the-password' },
      });
      expect(login.status).toBe(400);
      expect(await login.json()).toMatchObject({
        errors: [{ field: 'email', message: 'must not contain control characters' }],
      });
      // Nothing was stored: the name is unchanged and there is no key.
      expect(await (await app.request('/api/v1/users/me', { token: accessToken })).json()).toMatchObject({
        displayName: 'Before',
      });
      expect(await (await app.request('/api/v1/api-keys', { token: accessToken })).json()).toEqual([]);
    });

    it('changes the password only with the current one, ending every other session', async () => {
      const { app } = ctx();
      const first = await registerUser(app);
      const other = await loginUser(app, first);
      const patch = (json: unknown) =>
        app.request('/api/v1/users/me', { method: 'PATCH', token: first.accessToken, json });

      expect((await patch({ newPassword: 'a brand new password' })).status).toBe(400);
      expect(
        (await patch({ currentPassword: 'wrong password!', newPassword: 'a brand new password' })).status,
      ).toBe(400);
      expect(await meStatus(app, other.accessToken)).toBe(200);

      expect(
        (await patch({ currentPassword: first.password, newPassword: 'a brand new password' })).status,
      ).toBe(200);
      expect(await meStatus(app, other.accessToken)).toBe(401);
      expect((await refresh(app, other.refreshToken)).status).toBe(401);
      expect(await meStatus(app, first.accessToken)).toBe(200);
      expect((await refresh(app, first.refreshToken)).status).toBe(200);

      const oldLogin = await app.request(`${AUTH}/login`, {
        method: 'POST',
        json: { email: first.email, password: first.password },
      });
      expect(oldLogin.status).toBe(401);
      await loginUser(app, { email: first.email, password: 'a brand new password' });
    });

    it('of password changes sent at once, one is made and the others are told the password is not current', async () => {
      const { app } = ctx();
      const user = await registerUser(app);
      const candidates = ['first new password', 'second new password', 'third new password'];
      const responses = await Promise.all(
        candidates.map((newPassword) =>
          app.request('/api/v1/users/me', {
            method: 'PATCH',
            token: user.accessToken,
            json: { currentPassword: user.password, newPassword },
          }),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 400, 400]);
      const refused = responses.find((r) => r.status === 400)!;
      expect(await refused.json()).toMatchObject({
        errors: [{ field: 'currentPassword', message: 'is not the current password' }],
      });
      // The password that was reported set is the one that logs in.
      const made = candidates[responses.findIndex((r) => r.status === 200)];
      await loginUser(app, { email: user.email, password: made });
      for (const password of candidates.filter((p) => p !== made)) {
        const login = await app.request(`${AUTH}/login`, {
          method: 'POST',
          json: { email: user.email, password },
        });
        expect(login.status).toBe(401);
      }
    });
  });
}
