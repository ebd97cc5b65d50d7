/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are asserted field by field */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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
});
