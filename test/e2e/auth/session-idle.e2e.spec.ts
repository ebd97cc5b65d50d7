import { describe, expect, it } from 'vitest';

import { registerUser } from '../../helpers/auth.js';
import { useTestApp } from '../../helpers/use-test-app.js';
import { MANY_LOGINS, meStatus, refresh, sessionIdOf, withDb } from './auth.api.js';

/** Security review: a session nobody refreshed for AUTH_SESSION_IDLE_TTL_SECONDS has ended. */
describe('session idle timeout', () => {
  const e2e = useTestApp({ ...MANY_LOGINS, AUTH_SESSION_IDLE_TTL_SECONDS: '3600' });

  const idleFor = (accessToken: string, interval: string) =>
    withDb(e2e.db.url, (c) =>
      c.query(`UPDATE sessions SET last_used_at = now() - $2::interval WHERE id = $1`, [
        sessionIdOf(accessToken),
        interval,
      ]),
    );

  it('refuses the access and refresh tokens of a session idle for longer than the idle TTL', async () => {
    const user = await registerUser(e2e.app);
    await idleFor(user.accessToken, '61 minutes');
    expect(await meStatus(e2e.app, user.accessToken)).toBe(401);
    expect((await refresh(e2e.app, user.refreshToken)).status).toBe(401);
  });

  it('keeps a session that was refreshed within the idle TTL', async () => {
    const user = await registerUser(e2e.app);
    await idleFor(user.accessToken, '59 minutes');
    const res = await refresh(e2e.app, user.refreshToken);
    expect(res.status).toBe(200);
    const { accessToken } = (await res.json()) as { accessToken: string };
    expect(await meStatus(e2e.app, accessToken)).toBe(200);
  });
});
