import pg from 'pg';

import { LocalCheckerPool } from '#src/correction/providers/local/local-checker-pool.js';

import { FakeGeminiServer } from '../../fakes/gemini.server.js';
import { correctionHandler } from '../../fakes/gemini-correction.handler.js';
import { registerUser } from '../../helpers/auth.js';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniqueKeyPrefix } from '../../helpers/redis.js';
import { type Env, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

export interface Correction {
  status: number;
  cache: string | null;
  fallback: string | null;
  /** The raw body, for byte-for-byte comparisons. */
  raw: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface UsageRow {
  user_id: string;
  model: string;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  estimated_cost_usd: string;
}

/** One app (or more) on its own database and Redis prefix, with a fake Gemini answering the correction prompt. */
export interface CorrectionHarness {
  app: TestApp;
  gemini: FakeGeminiServer;
  db: TestDatabase;
  prefix: string;
  token: string;
  userId: string;
  correct(
    text: string,
    options?: { mode?: string; language?: string; token?: string; on?: TestApp },
  ): Promise<Correction>;
  /** Another instance on the same database, Redis prefix and fake Gemini. */
  anotherInstance(env?: Env): Promise<TestApp>;
  /** Removes every `llm:` cache key from Redis (what an eviction or a Redis restart does). */
  flushLlmFromRedis(): Promise<number>;
  usageRows(): Promise<UsageRow[]>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  patchSettings(fields: Record<string, unknown>, token?: string): Promise<void>;
  newUser(): Promise<{ token: string; userId: string }>;
  close(): Promise<void>;
}

/** Fast failure paths: one attempt is 300 ms, so a whole Gemini phase is at most ~600 ms. */
export const TEST_GEMINI_TIMEOUT_MS = 300;

export async function startCorrectionHarness(env: Env = {}): Promise<CorrectionHarness> {
  const [db, gemini] = await Promise.all([createTestDatabase(), FakeGeminiServer.start()]);
  gemini.respondWith(correctionHandler());
  const prefix = uniqueKeyPrefix();
  const appEnv: Env = {
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    GEMINI_API_KEY: gemini.apiKey,
    GEMINI_BASE_URL: gemini.url,
    GEMINI_TIMEOUT_MS: String(TEST_GEMINI_TIMEOUT_MS),
    // The tests flush explicitly; a timer would race their assertions.
    LLM_USAGE_FLUSH_INTERVAL_MS: '600000',
    RATE_LIMIT_LLM_LIMIT: '100000',
    RATE_LIMIT_DEFAULT_LIMIT: '100000',
    ...env,
  };
  const app = await startTestApp(appEnv);
  // The local checker's worker sets Harper up on its first check (~3 s, once per process), and the pool then
  // runs Harper's warm-up task (~1.5 s), which a second check waits for: pay both here, so timing assertions
  // measure the fallback path, not a cold start.
  const pool = app.app.get(LocalCheckerPool);
  for (const text of ['Warm up.', 'Warmed up.'])
    await pool.check({ pieces: [text], dialect: 'American', refine: true });
  const others: TestApp[] = [];
  const first = await registerUser(app);
  const pgClient = new pg.Client({ connectionString: db.url });
  await pgClient.connect();
  const query = async <T>(sql: string, params: unknown[] = []) =>
    (await pgClient.query(sql, params)).rows as T[];

  return {
    app,
    gemini,
    db,
    prefix,
    token: first.accessToken,
    userId: first.user.id,
    correct: async (text, options = {}) => {
      const { token = first.accessToken, on = app, ...rest } = options;
      const res = await on.request('/api/v1/llm/correct', { method: 'POST', token, json: { text, ...rest } });
      const raw = await res.text();
      return {
        status: res.status,
        cache: res.headers.get('x-cache'),
        fallback: res.headers.get('x-llm-fallback'),
        raw,
        body: raw ? JSON.parse(raw) : undefined,
      };
    },
    anotherInstance: async (extra = {}) => {
      const other = await startTestApp({ ...appEnv, ...extra });
      others.push(other);
      return other;
    },
    flushLlmFromRedis: () => deleteKeysWithPrefix(`${prefix}llm:`),
    usageRows: () =>
      query<UsageRow>(
        'SELECT user_id, model, prompt_tokens, completion_tokens, total_tokens, estimated_cost_usd::text FROM llm_usage ORDER BY created_at',
      ),
    query,
    patchSettings: async (fields, token = first.accessToken) => {
      const res = await app.request('/api/v1/settings', { method: 'PATCH', token, json: fields });
      if (res.status !== 200) throw new Error(`settings PATCH failed: ${res.status} ${await res.text()}`);
    },
    newUser: async () => {
      const user = await registerUser(app);
      return { token: user.accessToken, userId: user.user.id };
    },
    close: async () => {
      await pgClient.end();
      await Promise.all([app.close(), ...others.map((o) => o.close())]);
      await gemini.close();
      await deleteKeysWithPrefix(prefix);
      await db.drop();
    },
  };
}
