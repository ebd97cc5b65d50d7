import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import type { TestApp } from '../../helpers/test-app.js';
import { AUTH, meStatus } from './auth.api.js';
import type { AuthScenarioContext } from './auth.scenarios.js';

const BROWSER = { 'x-refresh-transport': 'cookie' };

/** The `pp_refresh=…` pair of a Set-Cookie header, and its attributes. */
function refreshCookieOf(res: Response): { pair: string; attributes: string } | undefined {
  const header = res.headers.getSetCookie().find((c) => c.startsWith('pp_refresh='));
  if (!header) return undefined;
  const [pair, ...attributes] = header.split('; ');
  return { pair, attributes: attributes.join('; ') };
}

async function registerInBrowser(app: TestApp) {
  const email = `cookie-${randomBytes(5).toString('hex')}@example.test`;
  const res = await app.request(`${AUTH}/register`, {
    method: 'POST',
    headers: BROWSER,
    json: { email, password: `pw-${randomBytes(9).toString('base64url')}` },
  });
  expect(res.status).toBe(201);
  return { res, body: (await res.json()) as Record<string, unknown>, cookie: refreshCookieOf(res)! };
}

/** `origin` null: no Origin header at all. */
function refreshByCookie(app: TestApp, cookie: string, origin: string | null = app.url): Promise<Response> {
  return app.request(`${AUTH}/refresh`, {
    method: 'POST',
    headers: { ...BROWSER, cookie, ...(origin ? { origin } : {}) },
    json: {},
  });
}

/** The browser form of the refresh token: an HttpOnly cookie, opted into per request. */
export function refreshCookieScenarios(ctx: () => AuthScenarioContext): void {
  describe('refresh token as a browser cookie (X-Refresh-Transport: cookie)', () => {
    it('sets an HttpOnly, SameSite=Strict cookie scoped to the auth routes, and keeps the token out of the body', async () => {
      const { app } = ctx();
      const { body, cookie } = await registerInBrowser(app);
      expect(body).not.toHaveProperty('refreshToken');
      expect(body).toMatchObject({ accessToken: expect.any(String), expiresIn: expect.any(Number) });
      expect(cookie.attributes).toContain('HttpOnly');
      expect(cookie.attributes).toContain('SameSite=Strict');
      expect(cookie.attributes).toContain('Path=/api/v1/auth');
      expect(cookie.attributes).toMatch(/Max-Age=\d+/);
      // 127.0.0.1 is localhost: no Secure there, so the test browser keeps it over plain HTTP.
      expect(cookie.attributes).not.toContain('Secure');
    });

    it('refreshes from the cookie alone, rotating it; the old cookie is then reuse and ends the session', async () => {
      const { app } = ctx();
      const { cookie } = await registerInBrowser(app);
      const first = await refreshByCookie(app, cookie.pair);
      expect(first.status).toBe(200);
      const firstBody = (await first.json()) as Record<string, unknown>;
      expect(firstBody).not.toHaveProperty('refreshToken');
      const next = refreshCookieOf(first)!;
      expect(next.pair).not.toBe(cookie.pair);
      const second = await refreshByCookie(app, next.pair);
      expect(second.status).toBe(200);
      const latest = (await second.json()) as { accessToken: string };

      // Replaying the first cookie, two rotations back, is reuse: the whole session ends.
      expect((await refreshByCookie(app, cookie.pair)).status).toBe(401);
      expect(await meStatus(app, latest.accessToken)).toBe(401);
    });

    it('refuses a cookie refresh from another origin, or without one (CSRF), with a 403 problem', async () => {
      const { app } = ctx();
      const { cookie } = await registerInBrowser(app);
      for (const origin of ['https://evil.example', null]) {
        const res = await refreshByCookie(app, cookie.pair, origin);
        expect(res.status).toBe(403);
        expect(await res.json()).toMatchObject({ status: 403, detail: expect.stringContaining('Origin') });
      }
      // The refused attempts spent nothing: the cookie still works from the right origin.
      expect((await refreshByCookie(app, cookie.pair)).status).toBe(200);
    });

    it('without a body token or a cookie, refresh is a 400 naming refreshToken', async () => {
      const { app } = ctx();
      const res = await app.request(`${AUTH}/refresh`, { method: 'POST', json: {} });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ errors: [{ field: 'refreshToken', message: 'is required' }] });
    });

    it('a browser with no cookie (a first visit, or after sign-out) is told it is not signed in: 401, not 400', async () => {
      const { app } = ctx();
      const res = await app.request(`${AUTH}/refresh`, {
        method: 'POST',
        headers: { ...BROWSER, origin: app.url },
        json: {},
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({
        status: 401,
        detail: expect.stringContaining('not signed in'),
      });
    });

    it('logout clears the cookie and ends the session', async () => {
      const { app } = ctx();
      const { body, cookie } = await registerInBrowser(app);
      const res = await app.request(`${AUTH}/logout`, {
        method: 'POST',
        token: body.accessToken as string,
        headers: { cookie: cookie.pair },
      });
      expect(res.status).toBe(204);
      expect(refreshCookieOf(res)?.pair).toBe('pp_refresh=');
      expect((await refreshByCookie(app, cookie.pair)).status).toBe(401);
    });
  });
}
