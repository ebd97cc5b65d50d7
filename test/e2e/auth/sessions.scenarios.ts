import { describe, expect, it } from 'vitest';

import { loginUser, registerUser } from '../../helpers/auth.js';
import { AUTH, forgeJwt, meStatus, problemShape, refresh, sessionIdOf } from './auth.api.js';
import type { AuthScenarioContext } from './auth.scenarios.js';

/** Logout, logout-all, the sessions list and deleting one session; forged access tokens. */
export function sessionScenarios(ctx: () => AuthScenarioContext): void {
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
