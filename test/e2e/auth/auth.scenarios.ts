import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { loginUser, registerUser } from '../../helpers/auth.js';
import type { TestApp } from '../../helpers/test-app.js';
import {
  AUTH,
  forgeJwt,
  meStatus,
  problemShape,
  refresh,
  refreshOk,
  sessionIdOf,
  withDb,
} from './auth.api.js';

export interface AuthScenarioContext {
  app: TestApp;
  dbUrl: string;
}

/**
 * The "done when" list, as scenarios run twice: with the shared Redis up (auth.e2e.spec.ts) and
 * with the instance's Redis stopped (auth-redis-down.e2e.spec.ts) — the answers must be the same.
 */
export function authScenarios(ctx: () => AuthScenarioContext): void {
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
        expect(await res.json()).toMatchObject({
          errors: expect.arrayContaining([{ field: '(body)', message: expect.stringContaining('"role"') }]),
        });
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
  });

  describe('refresh tokens', () => {
    it('rotates R1 → R2 → R3; replaying R1 then is reuse: 401, and R3 and the access token die too', async () => {
      const { app } = ctx();
      const r1 = await registerUser(app);
      const r2 = await refreshOk(app, r1.refreshToken);
      const r3 = await refreshOk(app, r2.refreshToken);
      expect(new Set([r1.refreshToken, r2.refreshToken, r3.refreshToken]).size).toBe(3);
      expect(await meStatus(app, r3.accessToken)).toBe(200);

      const replay = await refresh(app, r1.refreshToken);
      expect(replay.status).toBe(401);
      expect((await refresh(app, r3.refreshToken)).status).toBe(401);
      expect(await meStatus(app, r3.accessToken)).toBe(401);
      // The same 401 as an unknown token: a thief learns nothing from the answer.
      expect(await problemShape(replay)).toEqual(await problemShape(await refresh(app, 'A'.repeat(43))));
    });

    it('answers a replay of the previous token within the grace window with the current token', async () => {
      const { app } = ctx();
      const r1 = await registerUser(app);
      const r2 = await refreshOk(app, r1.refreshToken);
      const r3 = await refreshOk(app, r2.refreshToken);

      const again = await refreshOk(app, r2.refreshToken);
      expect(again.refreshToken).toBe(r3.refreshToken);
      expect(await meStatus(app, again.accessToken)).toBe(200);
      // The family is intact: the current token still rotates.
      const r4 = await refreshOk(app, r3.refreshToken);
      expect(await meStatus(app, r4.accessToken)).toBe(200);
    });

    it('treats the previous token as reuse once the grace window has passed', async () => {
      const { app, dbUrl } = ctx();
      const r1 = await registerUser(app);
      const r2 = await refreshOk(app, r1.refreshToken);
      await withDb(dbUrl, (c) =>
        c.query(
          `UPDATE refresh_tokens SET rotated_at = rotated_at - interval '1 minute' WHERE session_id = $1`,
          [sessionIdOf(r2.accessToken)],
        ),
      );
      expect((await refresh(app, r1.refreshToken)).status).toBe(401);
      expect((await refresh(app, r2.refreshToken)).status).toBe(401);
    });

    it('gives ten concurrent refreshes of one token one successor', async () => {
      const { app, dbUrl } = ctx();
      const r1 = await registerUser(app);
      const results = await Promise.all(Array.from({ length: 10 }, () => refresh(app, r1.refreshToken)));
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
      const tokens = new Set(
        await Promise.all(
          results.map(async (r) => ((await r.json()) as { refreshToken: string }).refreshToken),
        ),
      );
      expect(tokens.size).toBe(1);
      const sid = sessionIdOf(r1.accessToken);
      const { rows } = await withDb(dbUrl, (c) =>
        c.query('SELECT count(*)::int AS n FROM refresh_tokens WHERE session_id = $1', [sid]),
      );
      expect(rows[0].n).toBe(2);
      expect((await refresh(app, [...tokens][0])).status).toBe(200);
    });

    it('refuses an unknown token and one of an expired session with the same 401', async () => {
      const { app, dbUrl } = ctx();
      const user = await registerUser(app);
      await withDb(dbUrl, (c) =>
        c.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [
          sessionIdOf(user.accessToken),
        ]),
      );
      const expired = await refresh(app, user.refreshToken);
      expect(expired.status).toBe(401);
      expect(await problemShape(expired)).toEqual(await problemShape(await refresh(app, 'not-a-token')));
    });

    it('keeps only hashes: no raw refresh token anywhere in the database', async () => {
      const { app, dbUrl } = ctx();
      const user = await registerUser(app);
      const next = await refreshOk(app, user.refreshToken);
      const raw = [user.refreshToken, next.refreshToken];
      await withDb(dbUrl, async (c) => {
        const tables = await c.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
        );
        for (const { table_name } of tables.rows) {
          const { rows } = await c.query<{ row: string }>(
            `SELECT row_to_json(t)::text AS row FROM "${table_name}" t`,
          );
          for (const { row } of rows) for (const token of raw) expect(row).not.toContain(token);
        }
        const hashes = await c.query<{ token_hash: string }>(
          'SELECT token_hash FROM refresh_tokens WHERE session_id = $1',
          [sessionIdOf(next.accessToken)],
        );
        expect(hashes.rows.map((r) => r.token_hash).sort()).toEqual(
          raw.map((t) => createHash('sha256').update(t).digest('hex')).sort(),
        );
      });
    });
  });

  describe('sessions', () => {
    it('logout makes the access token 401 on the very next request, and its refresh token too', async () => {
      const { app } = ctx();
      const user = await registerUser(app);
      const other = await loginUser(app, user);
      expect(await meStatus(app, user.accessToken)).toBe(200);
      expect((await app.request(`${AUTH}/logout`, { method: 'POST', token: user.accessToken })).status).toBe(
        204,
      );
      expect(await meStatus(app, user.accessToken)).toBe(401);
      expect((await refresh(app, user.refreshToken)).status).toBe(401);
      expect(await meStatus(app, other.accessToken)).toBe(200);
    });

    it('logout-all kills every session’s access and refresh tokens', async () => {
      const { app } = ctx();
      const user = await registerUser(app);
      const sessions = [user, await loginUser(app, user), await loginUser(app, user)];
      for (const s of sessions) expect(await meStatus(app, s.accessToken)).toBe(200);
      expect(
        (await app.request(`${AUTH}/logout-all`, { method: 'POST', token: sessions[1].accessToken })).status,
      ).toBe(204);
      for (const s of sessions) {
        expect(await meStatus(app, s.accessToken)).toBe(401);
        expect((await refresh(app, s.refreshToken)).status).toBe(401);
      }
    });

    it('lists sessions with where they came from, and deleting one kills only it', async () => {
      const { app } = ctx();
      const user = await registerUser(app, { headers: { 'user-agent': 'Editor/1 (laptop)' } });
      // TRUST_PROXY is off: a forged X-Forwarded-For must not become the recorded address.
      const phone = await loginUser(app, user, {
        'user-agent': 'Editor/1 (phone)',
        'x-forwarded-for': '203.0.113.9',
      });

      const list = await app.request(`${AUTH}/sessions`, { token: user.accessToken });
      expect(list.status).toBe(200);
      const sessions = (await list.json()) as Array<Record<string, unknown>>;
      expect(sessions).toHaveLength(2);
      const byAgent = Object.fromEntries(sessions.map((s) => [s.userAgent as string, s]));
      expect(byAgent['Editor/1 (laptop)']).toEqual({
        id: sessionIdOf(user.accessToken),
        userAgent: 'Editor/1 (laptop)',
        ip: '127.0.0.1',
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        current: true,
      });
      expect(byAgent['Editor/1 (phone)']).toMatchObject({
        id: sessionIdOf(phone.accessToken),
        ip: '127.0.0.1',
        current: false,
      });

      expect(await meStatus(app, phone.accessToken)).toBe(200);
      const del = await app.request(`${AUTH}/sessions/${sessionIdOf(phone.accessToken)}`, {
        method: 'DELETE',
        token: user.accessToken,
      });
      expect(del.status).toBe(204);
      expect(await meStatus(app, phone.accessToken)).toBe(401);
      expect((await refresh(app, phone.refreshToken)).status).toBe(401);
      expect(await meStatus(app, user.accessToken)).toBe(200);
      expect(
        (await (await app.request(`${AUTH}/sessions`, { token: user.accessToken })).json()) as unknown[],
      ).toHaveLength(1);
    });

    it("does not let user B see or delete user A's sessions (404)", async () => {
      const { app } = ctx();
      const a = await registerUser(app);
      const b = await registerUser(app);
      const aSession = sessionIdOf(a.accessToken);

      const bList = (await (
        await app.request(`${AUTH}/sessions`, { token: b.accessToken })
      ).json()) as Array<{ id: string }>;
      expect(bList.map((s) => s.id)).toEqual([sessionIdOf(b.accessToken)]);
      const del = await app.request(`${AUTH}/sessions/${aSession}`, {
        method: 'DELETE',
        token: b.accessToken,
      });
      expect(del.status).toBe(404);
      expect(await problemShape(del)).toEqual(
        await problemShape(
          await app.request(`${AUTH}/sessions/00000000-0000-4000-8000-000000000000`, {
            method: 'DELETE',
            token: b.accessToken,
          }),
        ),
      );
      expect(
        (await app.request(`${AUTH}/sessions/not-a-uuid`, { method: 'DELETE', token: b.accessToken })).status,
      ).toBe(404);
      expect(await meStatus(app, a.accessToken)).toBe(200);
      expect((await refresh(app, a.refreshToken)).status).toBe(200);
    });
  });

  describe('access tokens', () => {
    it('accepts only untampered HS256 tokens of this issuer and audience, unexpired, of a live session', async () => {
      const { app } = ctx();
      const user = await registerUser(app);
      const { jwtSecret, issuer, audience } = app.config.auth;
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        sub: user.user.id,
        sid: sessionIdOf(user.accessToken),
        role: 'user',
        jti: 'j1',
        iss: issuer,
        aud: audience,
        iat: now,
        exp: now + 600,
      };
      const hs256 = { alg: 'HS256', typ: 'JWT' };
      // The forging helper itself must produce an accepted token, or the 401s below prove nothing.
      expect(await meStatus(app, forgeJwt(hs256, claims, jwtSecret))).toBe(200);

      const [header, , signature] = user.accessToken.split('.');
      const escalated = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
      const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
      const rejected: Record<string, string> = {
        'payload changed, signature kept': `${header}.${escalated}.${signature}`,
        'signature altered': `${user.accessToken.split('.').slice(0, 2).join('.')}.${flipped}`,
        'expired beyond the clock tolerance': forgeJwt(
          hs256,
          { ...claims, iat: now - 700, exp: now - 30 },
          jwtSecret,
        ),
        'alg none': forgeJwt({ alg: 'none', typ: 'JWT' }, claims),
        'alg none with a signature': `${forgeJwt({ alg: 'none', typ: 'JWT' }, claims)}${signature}`,
        'another HMAC algorithm': forgeJwt({ alg: 'HS512', typ: 'JWT' }, claims, jwtSecret),
        'wrong audience': forgeJwt(hs256, { ...claims, aud: 'someone-else' }, jwtSecret),
        'wrong issuer': forgeJwt(hs256, { ...claims, iss: 'someone-else' }, jwtSecret),
        'another secret': forgeJwt(hs256, claims, `${jwtSecret}-other`),
        'session of another user': forgeJwt(
          hs256,
          { ...claims, sub: '00000000-0000-4000-8000-000000000000' },
          jwtSecret,
        ),
        'unknown session': forgeJwt(
          hs256,
          { ...claims, sid: '00000000-0000-4000-8000-000000000000' },
          jwtSecret,
        ),
        'no sid claim': forgeJwt(hs256, { ...claims, sid: undefined }, jwtSecret),
        'refresh token as bearer': user.refreshToken,
        garbage: 'not.a.jwt',
      };
      for (const [name, token] of Object.entries(rejected)) {
        expect({ name, status: await meStatus(app, token) }).toEqual({ name, status: 401 });
      }
      const anonymous = await app.request('/api/v1/users/me');
      expect(anonymous.status).toBe(401);
      expect(await meStatus(app, user.accessToken)).toBe(200);
    });
  });
}
