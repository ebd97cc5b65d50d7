import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { delay, FakeGeminiServer } from '../../fakes/gemini.server.js';
import { correctionHandler } from '../../fakes/gemini-correction.handler.js';
import { deleteKeysWithPrefix, rawRedis, TEST_REDIS_URL, uniqueKeyPrefix } from '../../helpers/redis.js';
import { baseTestEnv } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { type BuiltService, startBuiltService } from './built-service.js';

const IN_FLIGHT = 12;
const GEMINI_LATENCY_MS = 1_500;

async function post(url: string, path: string, json: unknown, token?: string): Promise<Response> {
  return fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(json),
  });
}

describe('SIGTERM under load (built service, real PostgreSQL and Redis, fake Gemini)', () => {
  let db: TestDatabase;
  let gemini: FakeGeminiServer;
  let service: BuiltService | undefined;
  const prefix = uniqueKeyPrefix();

  beforeAll(async () => {
    [db, gemini] = await Promise.all([createTestDatabase(), FakeGeminiServer.start()]);
    // Each call is recorded on arrival, then answered GEMINI_LATENCY_MS later.
    const answer = correctionHandler();
    gemini.respondWith(async (req) => delay(GEMINI_LATENCY_MS, await answer(req)));
  });

  afterAll(async () => {
    if (service?.child.exitCode === null) service.child.kill('SIGKILL');
    await gemini?.close();
    await deleteKeysWithPrefix(prefix);
    await db?.drop();
  });

  it('finishes every request in flight with 200, stops accepting, writes every buffered usage event and exits 0', async () => {
    service = await startBuiltService(
      baseTestEnv({
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        GEMINI_API_KEY: gemini.apiKey,
        GEMINI_BASE_URL: gemini.url,
        GEMINI_TIMEOUT_MS: '5000',
        // Only the shutdown flush may move usage events to PostgreSQL.
        LLM_USAGE_FLUSH_INTERVAL_MS: '600000',
        RATE_LIMIT_LLM_LIMIT: '100000',
        RATE_LIMIT_DEFAULT_LIMIT: '100000',
        SHUTDOWN_TIMEOUT_MS: '10000',
        LOG_LEVEL: 'info',
      }),
    );
    const { url } = service;
    const register = await post(url, '/api/v1/auth/register', {
      email: `sigterm-${prefix.slice(0, -1)}@example.test`,
      password: 'pw-long-enough-123',
    });
    expect(register.status).toBe(201);
    const { accessToken } = (await register.json()) as { accessToken: string };

    const inFlight = Array.from({ length: IN_FLIGHT }, async (_, i) => {
      const res = await post(
        url,
        '/api/v1/llm/correct',
        { text: `Request ${i} has teh typo number ${i}.` },
        accessToken,
      );
      return { status: res.status, fallback: res.headers.get('x-llm-fallback'), body: await res.text() };
    });
    // Every request is waiting for Gemini's answer when the signal lands.
    await expect.poll(() => gemini.callCount, { timeout: 5_000, interval: 20 }).toBe(IN_FLIGHT);
    const signalledAt = Date.now();
    service.child.kill('SIGTERM');

    // New connections are refused once the signal is handled.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const late = await fetch(`${url}/health/live`).then(
      (res) => res.status,
      () => 'refused',
    );
    expect(late).not.toBe(200);

    const answers = await Promise.all(inFlight);
    for (const answer of answers) expect(answer, answer.body).toMatchObject({ status: 200, fallback: null });

    const exit = await service.exited;
    expect(exit, service.output()).toEqual({ code: 0, signal: null });
    // Drained as soon as the requests were done, not at SHUTDOWN_TIMEOUT_MS.
    const shutdownMs = Date.now() - signalledAt;
    expect(shutdownMs).toBeGreaterThan(GEMINI_LATENCY_MS / 2);
    expect(shutdownMs).toBeLessThan(GEMINI_LATENCY_MS + 3_000);

    // Every Gemini call's usage event reached PostgreSQL; nothing is left in the Redis buffer.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM llm_usage');
      expect(Number(rows[0].n)).toBe(IN_FLIGHT);
    } finally {
      await client.end();
    }
    const redis = rawRedis();
    try {
      expect(await redis.llen(`${prefix}{llm-usage}:buffer`)).toBe(0);
    } finally {
      redis.disconnect();
    }
  }, 60_000);
});
