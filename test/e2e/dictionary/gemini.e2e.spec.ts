import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { UsageFlusher } from '#src/correction/usage/usage-flusher.js';

import { error500, FakeGeminiServer, okJson, okText } from '../../fakes/gemini.server.js';
import { registerUser } from '../../helpers/auth.js';
import { type DictionaryHarness, startDictionaryHarness } from './dictionary-harness.js';

const GENERATED = {
  entries: [
    {
      word: 'glorptastic',
      phonetic: '/ɡlɔːptæstɪk/',
      meanings: [
        {
          partOfSpeech: 'adjective',
          definitions: [
            {
              definition: 'Wonderfully strange.',
              example: 'A glorptastic idea.',
              synonyms: ['weird'],
              antonyms: [],
            },
          ],
          synonyms: ['weird'],
          antonyms: [],
        },
      ],
    },
  ],
};

describe('the Gemini layer of GET /api/v1/dictionary/:word (GEMINI_API_KEY set)', () => {
  let gemini: FakeGeminiServer;
  let h: DictionaryHarness;

  beforeAll(async () => {
    gemini = await FakeGeminiServer.start();
    h = await startDictionaryHarness({
      GEMINI_API_KEY: gemini.apiKey,
      GEMINI_BASE_URL: gemini.url,
      GEMINI_TIMEOUT_MS: '5000',
    });
  });
  afterAll(async () => {
    await h?.close();
    await gemini?.close();
  });
  beforeEach(() => {
    gemini.reset();
    h.fake.reset();
    gemini.respondWith(() => okJson({ entries: [] }));
  });

  it('is not asked (or paid) for a word the Free Dictionary API or WordNet knows', async () => {
    expect(await h.lookup('legion')).toMatchObject({ status: 200, source: 'free-dictionary' });
    expect(await h.lookup('lexicon')).toMatchObject({ status: 200, source: 'wordnet' });
    expect(gemini.callCount).toBe(0);
  });

  it('defines a word no free source knows, in the same shape, marked as generated', async () => {
    gemini.respondWith(() => okJson(GENERATED));
    const res = await h.lookup('Glorptastic');
    expect(res).toMatchObject({ status: 200, cache: 'MISS', source: 'gemini' });
    expect(res.body).toEqual([
      {
        ...GENERATED.entries[0],
        phonetics: [{ text: '/ɡlɔːptæstɪk/' }],
        license: {
          name: expect.stringMatching(/^AI-generated/),
          url: 'https://ai.google.dev/gemini-api/terms',
        },
        sourceUrls: [],
      },
    ]);
    // Asked for JSON with a response schema, about the normalised word.
    expect(gemini.callCount).toBe(1);
    const call = gemini.calls[0];
    expect(call.body.generationConfig).toMatchObject({
      responseMimeType: 'application/json',
      responseSchema: { type: 'OBJECT' },
    });
    expect(call.userText).toContain('"glorptastic"');
    expect(call.model).toBe('gemini-2.5-flash');

    expect(await h.storedRow('glorptastic')).toMatchObject({ source: 'gemini' });
    expect(await h.lookup('glorptastic')).toMatchObject({ source: 'redis' });
    expect(gemini.callCount).toBe(1);
  });

  it('an empty answer means "not a word": 404, remembered', async () => {
    expect((await h.lookup('blorfquux')).status).toBe(404);
    expect((await h.lookup('blorfquux')).status).toBe(404);
    expect(gemini.callCount).toBe(1);
  });

  it.each([
    ['an error', error500(), 'snorblewhit'],
    ['prose instead of JSON', okText('That is not a word I know, sorry!'), 'snorblewhat'],
    ['JSON of another shape', okJson({ entries: [{ word: 'x', meanings: 'many' }] }), 'snorblewho'],
  ])('%s from Gemini is a 503, not a remembered "not found"', async (_what, reply, word) => {
    gemini.enqueue(reply);
    expect((await h.lookup(word)).status).toBe(503);
    gemini.respondWith(() => okJson({ entries: [{ ...GENERATED.entries[0], word }] }));
    expect(await h.lookup(word)).toMatchObject({ status: 200, source: 'gemini' });
    expect(gemini.callCount).toBe(2);
  });

  it('is not paid while the Free Dictionary API is down: the word may be one it knows', async () => {
    h.fake.setMode('down');
    gemini.respondWith(() => okJson(GENERATED));
    expect((await h.lookup('cumbersomeish')).status).toBe(503);
    expect(gemini.callCount).toBe(0);
  });
});

/** Security review #1: Gemini spend through the dictionary is budgeted, accounted and rate-limited. */
describe('Gemini spend through the dictionary', () => {
  let gemini: FakeGeminiServer;
  let h: DictionaryHarness;
  const USAGE = { promptTokenCount: 100, candidatesTokenCount: 50, totalTokenCount: 150 };

  beforeAll(async () => {
    gemini = await FakeGeminiServer.start();
    h = await startDictionaryHarness({
      GEMINI_API_KEY: gemini.apiKey,
      GEMINI_BASE_URL: gemini.url,
      GEMINI_TIMEOUT_MS: '5000',
      // Room for one reservation of 1,500 tokens at a time; a call settles at the 150 it used.
      LLM_DAILY_TOKEN_BUDGET: '1600',
      LLM_USAGE_FLUSH_INTERVAL_MS: '600000',
      RATE_LIMIT_DICTIONARY_LIMIT: '30',
    });
  });
  afterAll(async () => {
    await h?.close();
    await gemini?.close();
  });

  it('a batch of unknown words stops calling Gemini at the budget, and /llm/usage counts every call', async () => {
    gemini.respondWith((req) => {
      const word = /"([^"]+)"/.exec(req.userText)?.[1] ?? 'x';
      return okJson({ entries: [{ ...GENERATED.entries[0], word }] }, USAGE);
    });
    const words = Array.from({ length: 12 }, (_, i) => `zorbliquant${String.fromCharCode(97 + i)}`);
    const res = await h.batch(words);
    expect(res.status).toBe(200);
    const defined = words.filter((w) => res.body.results[w] !== null);
    // Every call was reserved first: once 150 are spent, the next 1,500-token reservation does not fit.
    expect(gemini.callCount).toBe(defined.length);
    expect(gemini.callCount).toBeGreaterThan(0);
    expect(gemini.callCount).toBeLessThan(words.length);
    expect(res.body.unavailable).toEqual(words.filter((w) => res.body.results[w] === null));

    await h.app.app.get(UsageFlusher).flush();
    const usage = (await (await h.app.request('/api/v1/llm/usage', { token: h.token })).json()) as {
      today: { calls: number; byKind: { dictionary: { calls: number; totalTokens: number } } };
      budget: { usedTokens: number };
    };
    expect(usage.today.byKind.dictionary).toEqual({
      calls: gemini.callCount,
      totalTokens: 150 * gemini.callCount,
      costUsd: expect.any(Number),
    });
    expect(usage.today.calls).toBe(gemini.callCount);
    expect(usage.budget.usedTokens).toBe(150 * gemini.callCount);

    // The next unknown word on its own: a 429 saying why, and Gemini is not called.
    const calls = gemini.callCount;
    const single = await h.lookup('zorbliquantzz');
    expect(single.status).toBe(429);
    expect(single.body).toMatchObject({ detail: expect.stringContaining('daily AI budget') });
    expect(gemini.callCount).toBe(calls);
  });

  it('a batch counts against the rate limit once per word that misses the cache', async () => {
    const user = await registerUser(h.app);
    const batch = (words: string[]) =>
      h.app.request('/api/v1/dictionary/lookup', {
        method: 'POST',
        token: user.accessToken,
        json: { words },
      });
    // 30 per minute: a batch of 20 uncached words spends 20 …
    const first = await batch(
      Array.from({ length: 20 }, (_, i) => `cachedword${String.fromCharCode(97 + i)}`),
    );
    expect(first.status).toBe(200);
    // … so a second batch of 20 different uncached words is over the limit.
    const second = await batch(
      Array.from({ length: 20 }, (_, i) => `otherword${String.fromCharCode(97 + i)}`),
    );
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
