/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are asserted field by field */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runAdminCreate } from '#src/auth/admin/admin-create.command.js';
import { EmbeddedDatabaseInUseError } from '#src/infra/database/embedded-lock.js';
import { EmbeddedPostgres } from '#src/infra/database/embedded-postgres.js';

import { startTestApp, type TestApp } from '../../helpers/test-app.js';

/**
 * The "runs anywhere" mode: no DATABASE_URL, no REDIS_URL, no network. Embedded PostgreSQL (PGlite)
 * under DATA_DIR, in-process tiers/limiter/bus, WordNet for lookups, Harper for corrections.
 */
describe('embedded defaults (no PostgreSQL, no Redis, no network)', { timeout: 120_000 }, () => {
  let dataDir: string;
  let app: TestApp | undefined;
  const email = 'embedded-writer@example.com';
  const password = 'correct horse battery staple';

  const embeddedEnv = () => ({
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
    DATA_DIR: dataDir,
    GEMINI_API_KEY: undefined,
  });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pp-embedded-'));
    app = await startTestApp(embeddedEnv());
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is ready with embedded PostgreSQL and no Redis', async () => {
    const res = await app!.request('/health/ready');
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.details.postgres.status).toBe('up');
  });

  it('serves register, login, refresh, settings, a WordNet lookup and a local correction, and keeps data across a restart', async () => {
    const registered = await app!.request('/api/v1/auth/register', {
      method: 'POST',
      json: { email, password },
    });
    expect(registered.status).toBe(201);

    const login = await app!.request('/api/v1/auth/login', { method: 'POST', json: { email, password } });
    expect(login.status).toBe(200);
    const { refreshToken } = (await login.json()) as any;

    const refreshed = await app!.request('/api/v1/auth/refresh', { method: 'POST', json: { refreshToken } });
    expect(refreshed.status).toBe(200);
    const token = ((await refreshed.json()) as any).accessToken as string;

    const saved = await app!.request('/api/v1/settings', {
      method: 'PATCH',
      token,
      json: { tone: 'academic' },
    });
    expect(saved.status).toBe(200);

    const lookup = await app!.request('/api/v1/dictionary/house', { token });
    expect(lookup.status).toBe(200);
    expect(lookup.headers.get('x-source')).toBe('wordnet');
    const entries = (await lookup.json()) as any;
    expect(entries[0].word).toBe('house');
    expect(entries[0].meanings.length).toBeGreaterThan(0);

    const corrected = await app!.request('/api/v1/llm/correct', {
      method: 'POST',
      token,
      json: { text: 'This is an test.' },
    });
    expect(corrected.status).toBe(200);
    const correction = (await corrected.json()) as any;
    expect(correction.source).toBe('local');
    expect(correction.corrected).toBe('This is a test.');

    // Restart on the same DATA_DIR: users and settings are still there.
    await app!.close();
    app = await startTestApp(embeddedEnv());
    const again = await app.request('/api/v1/auth/login', { method: 'POST', json: { email, password } });
    expect(again.status).toBe(200);
    const token2 = ((await again.json()) as any).accessToken as string;
    const settings = (await (await app.request('/api/v1/settings', { token: token2 })).json()) as any;
    expect(settings.tone).toBe('academic');
  });

  it('refuses a second start on the same DATA_DIR while the service runs: two servers would corrupt it', async () => {
    const second = await EmbeddedPostgres.start(dataDir).catch((err: unknown) => err);
    expect(second).toBeInstanceOf(EmbeddedDatabaseInUseError);
    expect((second as Error).message).toContain(`in use by process ${process.pid}`);
    // The running service is untouched.
    expect((await app!.request('/health/ready')).status).toBe(200);
  });

  it('admin:create needs no DATABASE_URL: it reaches the running service’s database, or opens it when none runs', async () => {
    const adminCreate = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runAdminCreate(argv, {
        env: { DATA_DIR: dataDir },
        out: (l) => out.push(l),
        err: (l) => err.push(l),
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const created = await adminCreate('--email', 'ops@example.com', '--password', 'an operator password');
    expect(created).toMatchObject({ code: 0, err: '' });
    expect(created.out).toContain(
      `Using the embedded PostgreSQL of the running service (process ${process.pid})`,
    );
    expect(created.out).toContain('Created admin ops@example.com');
    const login = await app!.request('/api/v1/auth/login', {
      method: 'POST',
      json: { email: 'ops@example.com', password: 'an operator password' },
    });
    expect(((await login.json()) as any).user.role).toBe('admin');

    // With the service stopped, the command opens the data directory itself, and lets go of it.
    await app!.close();
    const promoted = await adminCreate('--email', email, '--promote');
    expect(promoted).toMatchObject({ code: 0, err: '' });
    expect(promoted.out).toContain('Opening the embedded PostgreSQL under');
    expect(promoted.out).toContain(`Promoted ${email}`);
    app = await startTestApp(embeddedEnv());
    const writer = await app.request('/api/v1/auth/login', { method: 'POST', json: { email, password } });
    expect(((await writer.json()) as any).user.role).toBe('admin');
  });
});
