import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import pg from 'pg';

import { FakeFreeDictionaryServer, fixturesRoot } from '../../fakes/free-dictionary.server.js';
import { registerUser } from '../../helpers/auth.js';
import { deleteKeysWithPrefix, rawRedis, TEST_REDIS_URL, uniqueKeyPrefix } from '../../helpers/redis.js';
import { type Env, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

/** One app on its own database and Redis prefix, talking to a fake Free Dictionary API. */
export interface DictionaryHarness {
  app: TestApp;
  fake: FakeFreeDictionaryServer;
  db: TestDatabase;
  prefix: string;
  token: string;
  lookup(word: string, token?: string): Promise<Lookup>;
  /** `GET /dictionary/<path>` with `path` sent exactly as given (already encoded). */
  lookupRaw(path: string): Promise<Lookup>;
  batch(words: unknown[]): Promise<{ status: number; body: BatchBody }>;
  /** Removes the word's Redis key(s) the way an eviction would, whatever the key layout. */
  evictFromRedis(word: string): Promise<number>;
  /** A second instance on the same database, Redis prefix and fake (another pod behind the balancer). */
  anotherInstance(): Promise<{ app: TestApp; lookup(word: string): Promise<Lookup> }>;
  storedRow(word: string): Promise<{ source: string; payload: unknown; lookup_count: number } | undefined>;
  close(): Promise<void>;
}

export interface Lookup {
  status: number;
  cache: string | null;
  source: string | null;
  layer: string | null;
  contentType: string | null;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface BatchBody {
  results: Record<string, unknown[] | null>;
  unavailable?: string[];
  errors?: { field: string; message: string }[];
  [field: string]: unknown;
}

export function fixture(word: string): unknown {
  return JSON.parse(readFileSync(join(fixturesRoot(), 'free-dictionary', `${word}.json`), 'utf8'));
}

export async function startDictionaryHarness(
  env: Env = {},
  redisUrl = TEST_REDIS_URL,
): Promise<DictionaryHarness> {
  const [db, fake] = await Promise.all([createTestDatabase(), FakeFreeDictionaryServer.start()]);
  const prefix = uniqueKeyPrefix();
  const appEnv: Env = {
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: prefix,
    DICTIONARY_API_URL: fake.url,
    DICTIONARY_TIMEOUT_MS: '5000', // generous: a busy CI machine must not turn a slow fake into a 503
    CACHE_L1_ENABLED: 'false',
    // These tests count upstream requests, not rate limits (200 concurrent lookups come from one user).
    RATE_LIMIT_DEFAULT_LIMIT: '100000',
    RATE_LIMIT_DICTIONARY_LIMIT: '100000',
    ...env,
  };
  const app = await startTestApp(appEnv);
  const others: TestApp[] = [];
  const { accessToken: token } = await registerUser(app);
  const toLookup = async (res: Response): Promise<Lookup> => ({
    status: res.status,
    cache: res.headers.get('x-cache'),
    source: res.headers.get('x-source'),
    layer: res.headers.get('x-cache-layer'),
    contentType: res.headers.get('content-type'),
    body: await res.json(),
  });
  const pgClient = new pg.Client({ connectionString: db.url });
  await pgClient.connect();
  const lookupOn = async (on: TestApp, word: string, withToken = token) =>
    toLookup(await on.request(`/api/v1/dictionary/${encodeURIComponent(word)}`, { token: withToken }));
  return {
    app,
    fake,
    db,
    prefix,
    token,
    lookup: (word, withToken) => lookupOn(app, word, withToken),
    anotherInstance: async () => {
      const other = await startTestApp(appEnv);
      others.push(other);
      return { app: other, lookup: (word: string) => lookupOn(other, word) };
    },
    lookupRaw: async (path) => toLookup(await app.request(`/api/v1/dictionary/${path}`, { token })),
    batch: async (words) => {
      const res = await app.request('/api/v1/dictionary/lookup', { method: 'POST', token, json: { words } });
      return { status: res.status, body: (await res.json()) as BatchBody };
    },
    evictFromRedis: async (word) => {
      const redis = rawRedis(redisUrl);
      try {
        const keys: string[] = [];
        let cursor = '0';
        do {
          const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*dict*`, 'COUNT', 1000);
          cursor = next;
          keys.push(...batch.filter((k) => k.endsWith(`:${word}`)));
        } while (cursor !== '0');
        return keys.length ? await redis.del(...keys) : 0;
      } finally {
        redis.disconnect();
      }
    },
    storedRow: async (word) => {
      const { rows } = await pgClient.query(
        `SELECT source, payload, lookup_count FROM dictionary_entries WHERE word = $1 AND language = 'en'`,
        [word],
      );
      return rows[0] as { source: string; payload: unknown; lookup_count: number } | undefined;
    },
    close: async () => {
      await pgClient.end();
      await Promise.all([app.close(), ...others.map((o) => o.close())]);
      await fake.close();
      await deleteKeysWithPrefix(prefix, redisUrl);
      await db.drop();
    },
  };
}
