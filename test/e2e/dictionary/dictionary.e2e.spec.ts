import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { dictionaryEntriesSchema } from '#src/dictionary/dictionary-entry.js';
import { DictionaryLookupCounter } from '#src/dictionary/dictionary-lookup-counter.js';

import { type DictionaryHarness, fixture, startDictionaryHarness } from './dictionary-harness.js';

const WORDNET_LICENSE = {
  name: 'WordNet 3.1 License',
  url: 'https://wordnet.princeton.edu/license-and-commercial-use',
};

describe('GET /api/v1/dictionary/:word', () => {
  let h: DictionaryHarness;

  beforeAll(async () => {
    h = await startDictionaryHarness();
  });
  afterAll(() => h?.close());
  beforeEach(() => h.fake.reset());

  it('answers legion from the Free Dictionary API, then Redis, then PostgreSQL once its Redis key is gone', async () => {
    const first = await h.lookup('legion');
    expect(first).toMatchObject({ status: 200, cache: 'MISS', source: 'free-dictionary' });
    expect(first.body).toEqual(fixture('legion'));
    expect(h.fake.count('legion')).toBe(1);
    expect(await h.storedRow('legion')).toMatchObject({
      source: 'free-dictionary',
      payload: fixture('legion'),
    });

    const second = await h.lookup('legion');
    expect(second).toMatchObject({ status: 200, cache: 'HIT', source: 'redis', layer: null });
    expect(second.body).toEqual(fixture('legion'));

    expect(await h.evictFromRedis('legion')).toBe(1);
    const third = await h.lookup('legion');
    expect(third).toMatchObject({ status: 200, cache: 'HIT', source: 'postgres' });
    expect(third.body).toEqual(fixture('legion'));

    // PostgreSQL's answer went back into Redis; the upstream was asked once in all.
    expect(await h.lookup('legion')).toMatchObject({ source: 'redis' });
    expect(h.fake.count('legion')).toBe(1);
  });

  it('normalises the word before any layer sees it: " LEGION " is the same entry', async () => {
    await h.lookup('hello');
    const shouted = await h.lookup('  HELLO ');
    expect(shouted).toMatchObject({ status: 200, source: 'redis' });
    expect(shouted.body).toEqual(fixture('hello'));
    expect(h.fake.count('hello')).toBe(1);
  });

  it('is for authenticated users only', async () => {
    const res = await h.app.request('/api/v1/dictionary/legion');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      type: 'https://prosepolish.dev/problems/unauthorized',
      detail: 'Authentication is required.',
    });
    expect(h.fake.count('legion')).toBe(0);
  });

  it('answers from WordNet, in the same shape, when the Free Dictionary API is down', async () => {
    h.fake.setMode('down');
    const res = await h.lookup('serendipity');
    expect(res).toMatchObject({ status: 200, cache: 'MISS', source: 'wordnet' });
    expect(dictionaryEntriesSchema.safeParse(res.body).success).toBe(true);
    expect(res.body[0]).toMatchObject({
      word: 'serendipity',
      phonetics: [],
      license: WORDNET_LICENSE,
      sourceUrls: ['https://wordnet.princeton.edu/'],
    });
    expect(res.body[0].meanings[0]).toMatchObject({
      partOfSpeech: 'noun',
      definitions: [{ definition: expect.stringContaining('fortunate') }],
    });
    expect(h.fake.count('serendipity')).toBe(1);
    // A stand-in for an outage is not kept in PostgreSQL: the real entry replaces it later.
    expect(await h.storedRow('serendipity')).toBeUndefined();
  });

  it('keeps a WordNet answer when the Free Dictionary API says it does not know the word', async () => {
    const res = await h.lookup('lexicon');
    expect(res).toMatchObject({ status: 200, source: 'wordnet' });
    expect(await h.storedRow('lexicon')).toMatchObject({ source: 'wordnet' });
    expect(await h.lookup('lexicon')).toMatchObject({ source: 'redis' });
  });

  it('a word nobody knows is a 404 with the Free Dictionary fields, and a repeat does not reach the upstream', async () => {
    const first = await h.lookup('qwzxvbn');
    expect(first).toMatchObject({ status: 404, cache: 'MISS' });
    expect(first.body).toMatchObject({
      status: 404,
      title: 'No Definitions Found',
      message: "Sorry pal, we couldn't find definitions for the word you were looking for.",
      resolution: 'You can try the search again at later time or head to the web instead.',
    });
    expect(h.fake.count('qwzxvbn')).toBe(1);

    const repeat = await h.lookup('qwzxvbn');
    expect(repeat).toMatchObject({ status: 404, cache: 'HIT', source: 'redis' });
    expect(repeat.body.title).toBe('No Definitions Found');
    expect(h.fake.count('qwzxvbn')).toBe(1);
    expect(await h.storedRow('qwzxvbn')).toBeUndefined();
  });

  it('is a 503, never remembered as not found, when the dictionary is down and nothing else knows the word', async () => {
    h.fake.setMode('down');
    const down = await h.lookup('zyxwvut');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      type: expect.stringContaining('upstream-unavailable'),
      upstream: 'free-dictionary',
    });

    h.fake.setMode('ok');
    h.fake.addWord('zyxwvut', [{ ...(fixture('legion') as object[])[0], word: 'zyxwvut' }]);
    const back = await h.lookup('zyxwvut');
    expect(back).toMatchObject({ status: 200, source: 'free-dictionary' });
    expect(h.fake.count('zyxwvut')).toBe(2);
  });

  it('200 concurrent first lookups of one word make one upstream request', async () => {
    h.fake.latencyMs = 150;
    const answers = await Promise.all(Array.from({ length: 200 }, () => h.lookup('cumbersome')));
    expect(answers.map((a) => a.status)).toEqual(Array(200).fill(200));
    for (const a of answers) expect(a.body).toEqual(fixture('cumbersome'));
    expect(h.fake.count('cumbersome')).toBe(1);
  });

  it('counts lookups in PostgreSQL, cache hits included, without a write per lookup', async () => {
    const counter = h.app.app.get(DictionaryLookupCounter);
    await counter.flush();
    const before = (await h.storedRow('test'))?.lookup_count ?? 0;
    for (let i = 0; i < 5; i++)
      expect(await h.lookup('test')).toMatchObject({ status: 200, body: fixture('test') });
    expect(counter.depth).toBeGreaterThan(0);
    expect((await h.storedRow('test'))!.lookup_count).toBe(before); // buffered, not yet written
    await counter.flush();
    expect((await h.storedRow('test'))!.lookup_count).toBe(before + 5);
  });
});
