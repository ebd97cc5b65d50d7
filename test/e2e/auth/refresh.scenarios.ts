import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { registerUser } from '../../helpers/auth.js';
import { meStatus, problemShape, refresh, refreshOk, sessionIdOf, withDb } from './auth.api.js';
import type { AuthScenarioContext } from './auth.scenarios.js';

/** Refresh-token rotation, reuse detection, the grace window, concurrency, storage. */
export function refreshScenarios(ctx: () => AuthScenarioContext): void {
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
}
