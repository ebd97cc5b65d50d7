import { createRequire } from 'node:module';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

interface LtMatch {
  offset: number;
  length: number;
  replacements: { value: string }[];
  rule: { id: string };
}
interface LanguageToolClient {
  languages(): Promise<{ longCode: string }[]>;
  check(params: Record<string, string>): Promise<{ matches: LtMatch[]; language: { code: string } }>;
}

/**
 * A LanguageTool client library published on npm, written by someone else (`language-grammar-api`, which
 * sends every parameter in the query string of a POST), pointed at a running ProsePolish.
 */
const LanguageToolApi = createRequire(import.meta.url)('language-grammar-api') as new (options: {
  endpoint: string;
}) => LanguageToolClient;

describe('a published LanguageTool client library against ProsePolish', () => {
  let db: TestDatabase;
  let app: TestApp;
  let client: LanguageToolClient;
  const prefix = uniqueKeyPrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, REDIS_KEY_PREFIX: prefix });
    client = new LanguageToolApi({ endpoint: `${app.url}/v2` });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await deleteKeysWithPrefix(prefix);
  });

  it('lists the languages', async () => {
    expect((await client.languages()).map((l) => l.longCode)).toEqual(['en-US', 'en-GB', 'en-AU', 'en-CA']);
  });

  it('checks a text and reads back matches with the right offsets and replacements', async () => {
    const text = 'She go to teh market every morning.';
    const result = await client.check({ text, language: 'en-US' });
    expect(result.language.code).toBe('en-US');
    const teh = result.matches.find((m) => text.slice(m.offset, m.offset + m.length) === 'teh');
    expect(teh).toMatchObject({ replacements: [{ value: 'the' }], rule: { id: 'MORFOLOGIK_RULE_EN_US' } });
  });
});

describe('/v2 rate limits', () => {
  let db: TestDatabase;
  let app: TestApp;
  const prefix = uniqueKeyPrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({
      DATABASE_URL: db.url,
      REDIS_KEY_PREFIX: prefix,
      RATE_LIMIT_LANGUAGETOOL_ANONYMOUS_LIMIT: '3',
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await deleteKeysWithPrefix(prefix);
  });

  it('limits anonymous checks per address under their own policy: a 429 in plain text with Retry-After', async () => {
    const check = () =>
      fetch(`${app.url}/v2/check`, {
        method: 'POST',
        body: new URLSearchParams({ text: 'Hi there.', language: 'en-US' }),
      });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await check()).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await check();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await limited.text()).toMatch(/^Error: /);
  });
});
