import type { Redis } from 'ioredis';
import pg from 'pg';

import { FakeFreeDictionaryServer } from '../../fakes/free-dictionary.server.js';
import { createAdmin, type RegisteredUser, registerUser } from '../../helpers/auth.js';
import { deleteKeysWithPrefix, rawRedis, scanKeys, uniqueKeyPrefix } from '../../helpers/redis.js';
import { type Env, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

export interface Lookup {
  status: number;
  /** `l1` for an L1 hit, else X-Source: redis, postgres, free-dictionary, wordnet. */
  source: string | null;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * One or more app instances on one database and Redis key prefix, a fake Free Dictionary API, an admin and
 * an ordinary user, plus raw PostgreSQL and Redis clients to look behind the API.
 */
export interface AdminHarness {
  app: TestApp;
  db: TestDatabase;
  fake: FakeFreeDictionaryServer;
  prefix: string;
  admin: RegisteredUser;
  user: RegisteredUser;
  redis: Redis;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Another instance sharing the database, Redis prefix and fake upstream. */
  anotherInstance(env?: Env): Promise<TestApp>;
  lookup(word: string, on?: TestApp): Promise<Lookup>;
  /** An admin call; `json` is parsed from the answer (null when empty). */
  adminCall(
    method: string,
    path: string,
    options?: { json?: unknown; token?: string; on?: TestApp },
  ): Promise<{ status: number; body: any; requestId: string | null }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Keys under `match` (a SCAN pattern), sorted. */
  keys(match: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startAdminHarness(env: Env = {}): Promise<AdminHarness> {
  const [db, fake] = await Promise.all([createTestDatabase(), FakeFreeDictionaryServer.start()]);
  const prefix = uniqueKeyPrefix();
  const appEnv: Env = {
    DATABASE_URL: db.url,
    REDIS_KEY_PREFIX: prefix,
    DICTIONARY_API_URL: fake.url,
    DICTIONARY_TIMEOUT_MS: '1000',
    RATE_LIMIT_ADMIN_LIMIT: '10000',
    RATE_LIMIT_DEFAULT_LIMIT: '10000',
    RATE_LIMIT_DICTIONARY_LIMIT: '10000',
    ...env,
  };
  const app = await startTestApp(appEnv);
  const others: TestApp[] = [];
  const [admin, user] = await Promise.all([createAdmin(app), registerUser(app)]);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const redis = rawRedis();
  const harness: AdminHarness = {
    app,
    db,
    fake,
    prefix,
    admin,
    user,
    redis,
    sql: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[],
    anotherInstance: async (extra = {}) => {
      const other = await startTestApp({ ...appEnv, ...extra });
      others.push(other);
      return other;
    },
    lookup: async (word, on = app) => {
      const res = await on.request(`/api/v1/dictionary/${encodeURIComponent(word)}`, {
        token: user.accessToken,
      });
      const layer = res.headers.get('x-cache-layer');
      return { status: res.status, source: layer ?? res.headers.get('x-source'), body: await res.json() };
    },
    adminCall: async (method, path, options = {}) => {
      const { json, token = admin.accessToken, on = app } = options;
      const res = await on.request(path, { method, token, json });
      const text = await res.text();
      return {
        status: res.status,
        body: text ? JSON.parse(text) : null,
        requestId: res.headers.get('x-request-id'),
      };
    },
    keys: (match) => scanKeys(redis, match),
    close: async () => {
      await Promise.all([app.close(), ...others.map((o) => o.close())]);
      await client.end();
      await fake.close();
      await deleteKeysWithPrefix(prefix);
      redis.disconnect();
      await db.drop();
    },
  };
  return harness;
}
