import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FakeGeminiServer, okJson } from '../../fakes/gemini.server.js';
import { type DictionaryHarness, startDictionaryHarness } from './dictionary-harness.js';

const fixture = (name: string) =>
  readFileSync(
    fileURLToPath(new URL(`../../fixtures/free-dictionary/${name}.json`, import.meta.url)),
    'utf8',
  );

/** `GET /api/v2/entries/:language/:word`: the Free Dictionary API, mirrored byte for byte. */
describe('Free Dictionary API mirror', () => {
  let h: DictionaryHarness;
  let gemini: FakeGeminiServer;

  beforeAll(async () => {
    gemini = await FakeGeminiServer.start();
    gemini.respondWith(() => okJson({ entries: [{ word: 'x', meanings: [] }] }));
    h = await startDictionaryHarness({ GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url });
  });
  afterAll(async () => {
    await h?.close();
    await gemini?.close();
  });

  const get = (language: string, word: string) => fetch(`${h.app.url}/api/v2/entries/${language}/${word}`);

  it("answers the upstream's bytes and content type, anonymously — fresh, then from the caches", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await get('en', 'cumbersome');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.text()).toBe(fixture('cumbersome'));
    }
    expect(h.fake.count('cumbersome')).toBe(1);
  });

  it('still answers the bytes from PostgreSQL after Redis lost the word and while the API is down', async () => {
    expect(await (await get('en', 'legion')).text()).toBe(fixture('legion'));
    await h.evictFromRedis('legion');
    h.fake.setMode('down');
    try {
      const res = await get('en', 'legion');
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(fixture('legion'));
    } finally {
      h.fake.setMode('ok');
    }
  });

  it("a word nobody knows is the API's 404 body, byte for byte; so is another language", async () => {
    for (const [language, word] of [
      ['en', 'qwzxvbnm'],
      ['fr', 'bonjour'],
    ]) {
      const res = await get(language, word);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.text()).toBe(fixture('not-found'));
    }
  });

  it('never asks Gemini, even for a word only Gemini could define', async () => {
    const before = gemini.callCount;
    expect((await get('en', 'glorbfanciful')).status).toBe(404);
    expect(gemini.callCount).toBe(before);
  });

  it('serves a word only WordNet knows in the API’s shape', async () => {
    const res = await get('en', 'lexicon');
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body.startsWith('[\n {\n  "word": "lexicon"')).toBe(true);
  });
});
