import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { registerUser } from '../../helpers/auth.js';
import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

const MAX_API_KEYS = 20;
const MAX_PERSONAL_WORDS = 10_000;

/**
 * The per-user limits of what LanguageTool clients need — API keys and personal words — hold when a
 * client sends many requests at once, to two instances: 30 concurrent creations made 30 keys before the
 * count and the insert ran under one lock.
 */
describe('per-user limits under concurrent requests', () => {
  let db: TestDatabase;
  let app: TestApp;
  let other: TestApp;
  const prefix = uniqueKeyPrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, REDIS_KEY_PREFIX: prefix };
    [app, other] = await Promise.all([startTestApp(env), startTestApp(env)]);
  });
  afterAll(async () => {
    await Promise.all([app?.close(), other?.close()]);
    await db?.drop();
    await deleteKeysWithPrefix(prefix);
  });

  const statuses = (responses: Response[]) => responses.map((r) => r.status).sort();

  it('creates exactly 20 API keys out of 30 sent at once, and refuses the rest with a 409', async () => {
    const owner = await registerUser(app);
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? other : app).request('/api/v1/api-keys', {
          method: 'POST',
          token: owner.accessToken,
          json: { name: `key ${i}` },
        }),
      ),
    );
    expect(statuses(responses)).toEqual([
      ...Array<number>(MAX_API_KEYS).fill(201),
      ...Array<number>(30 - MAX_API_KEYS).fill(409),
    ]);
    const refused = responses.find((r) => r.status === 409)!;
    expect(await refused.json()).toMatchObject({ detail: 'You have 20 API keys already; revoke one first.' });
    const list = await app.request('/api/v1/api-keys', { token: owner.accessToken });
    expect(await list.json()).toHaveLength(MAX_API_KEYS);
  });

  it('adds personal words up to the limit and no further, and the same word sent at once is stored once', async () => {
    const owner = await registerUser(app);
    // Fill the dictionary to 5 short of the limit directly: 9,995 requests would only slow the suite.
    const client = new pg.Client({ connectionString: db.directUrl });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO personal_words (user_id, word)
         SELECT $1::uuid, 'seeded' || n FROM generate_series(1, $2::int) AS n`,
        [owner.user.id, MAX_PERSONAL_WORDS - 5],
      );
    } finally {
      await client.end();
    }
    const add = (word: string, i: number) =>
      (i % 2 ? other : app).request('/api/v1/dictionary/personal', {
        method: 'POST',
        token: owner.accessToken,
        json: { word },
      });
    const same = await Promise.all(Array.from({ length: 10 }, (_, i) => add('zyxquux', i)));
    expect(statuses(same)).toEqual(Array<number>(10).fill(201));
    const distinct = await Promise.all(Array.from({ length: 10 }, (_, i) => add(`zyx${'abcdefghij'[i]}`, i)));
    expect(statuses(distinct)).toEqual([...Array<number>(4).fill(201), ...Array<number>(6).fill(409)]);
    const page = await app.request('/api/v1/dictionary/personal?limit=1', { token: owner.accessToken });
    expect(((await page.json()) as { total: number }).total).toBe(MAX_PERSONAL_WORDS);
  });
});
