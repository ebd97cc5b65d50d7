import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { error500, FakeGeminiServer, okJson, okText } from '../../fakes/gemini.server.js';
import { startDictionaryHarness, type DictionaryHarness } from './dictionary-harness.js';

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
