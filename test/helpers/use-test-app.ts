import { afterAll, beforeAll } from 'vitest';

import { deleteKeysWithPrefix, uniqueKeyPrefix } from './redis.js';
import { type Env, startTestApp, type TestApp } from './test-app.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** What `useTestApp` set up, readable from the tests (and later hooks) once its `beforeAll` has run. */
export interface TestAppFixture {
  readonly app: TestApp;
  readonly db: TestDatabase;
  /** The Redis key prefix of this app alone. */
  readonly prefix: string;
}

/**
 * The set-up most e2e specs share, as hooks of the calling `describe`: a database of its own, a Redis key
 * prefix of its own and one app over them (with `env` on top), started before the tests and removed after
 * them — the app first, then its data. Hooks the spec registers afterwards run after this one's `beforeAll`
 * and before its `afterAll`; `env` as a function is read in `beforeAll`, so it can name a fake server that
 * an earlier hook started.
 */
export function useTestApp(env: Env | (() => Env) = {}): TestAppFixture {
  const prefix = uniqueKeyPrefix();
  let app: TestApp | undefined;
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    const extra = typeof env === 'function' ? env() : env;
    app = await startTestApp({ ...extra, DATABASE_URL: db.url, REDIS_KEY_PREFIX: prefix });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await deleteKeysWithPrefix(prefix);
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useTestApp: no ${what} before its beforeAll ran`);
    return value;
  };
  return {
    get app() {
      return ready(app, 'app');
    },
    get db() {
      return ready(db, 'database');
    },
    prefix,
  };
}
