import { request as httpRequest } from 'node:http';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { type DictionaryHarness, startDictionaryHarness } from './dictionary-harness.js';

/** Every request that reached the fake must be the prefix plus exactly one encoded segment, no query. */
function expectOnlyOneSegmentRequests(h: DictionaryHarness): void {
  for (const r of h.fake.requests) {
    expect(r.rawUrl).toMatch(/^\/api\/v2\/entries\/en\/[^/?#]+$/);
    expect(r.method).toBe('GET');
  }
}

describe('hostile input to GET /api/v1/dictionary/:word', () => {
  let h: DictionaryHarness;

  beforeAll(async () => {
    h = await startDictionaryHarness();
  });
  afterAll(() => h?.close());
  beforeEach(() => h.fake.reset());

  it.each([
    ['../x', 'contains the character "."'],
    ['%2e%2e%2f', 'contains the character "%"'],
    ['../../../../etc/passwd', 'contains the character "."'],
    ['a\r\nHost: evil.example', 'contains the character U+000D'],
    ['a\nb', 'contains the character U+000A'],
    ['a?b=1', 'contains the character "?"'],
    ['a#b', 'contains the character "#"'],
    ['a\u0000b', 'contains the character U+0000'],
    ['x'.repeat(500), 'is 500 characters long; at most 64 are allowed'],
    ['legion  legion', 'consecutive spaces'],
    ['1234', 'contains the character "1"'],
    ["'", 'must contain a letter'],
  ])('%j (sent encoded) is a 400 saying why, and never reaches the upstream', async (input, reason) => {
    const res = await h.lookup(input);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      status: 400,
      errors: [{ field: 'word', message: expect.stringContaining(reason) }],
    });
    expect(res.body.detail).toContain(reason);
    expect(h.fake.count()).toBe(0);
  });

  it.each([
    ['%2e%2e%2f', 400],
    ['%252e%252e%252f', 400], // double-encoded: decoded once, the "%" is refused
    ['..%2Fx', 400],
    ['a%3Fb%3D1', 400],
    ['a%0D%0Ab', 400],
    ['legion%00', 400],
    ['%E0%A4%A', 400], // broken UTF-8 escape
  ])('raw path /dictionary/%s is a %i and never reaches the upstream', async (path, status) => {
    const res = await h.lookupRaw(path);
    expect(res.status).toBe(status);
    expect(h.fake.count()).toBe(0);
  });

  it('a raw, unencoded ../x never reaches the upstream', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(h.app.url);
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: '/api/v1/dictionary/../x',
          headers: { authorization: `Bearer ${h.token}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect([400, 404]).toContain(status);
    expect(h.fake.count()).toBe(0);
  });

  it.each([
    ["rock 'n' roll", "/api/v2/entries/en/rock%20'n'%20roll"],
    ['Café', '/api/v2/entries/en/caf%C3%A9'],
    ['Don’t', "/api/v2/entries/en/don't"],
    ['naïve-ish', '/api/v2/entries/en/na%C3%AFve-ish'],
    ['хлеб', '/api/v2/entries/en/%D1%85%D0%BB%D0%B5%D0%B1'],
  ])('a real but unusual word %j reaches the upstream as one encoded segment: %s', async (input, rawUrl) => {
    const res = await h.lookup(input);
    expect([200, 404]).toContain(res.status);
    expect(h.fake.requests.map((r) => r.rawUrl)).toEqual([rawUrl]);
    expectOnlyOneSegmentRequests(h);
  });

  it('a decomposed spelling is the same word as the composed one (NFC): one upstream request for both', async () => {
    h.fake.addWord('naïveté', [
      {
        word: 'naïveté',
        phonetics: [],
        meanings: [
          {
            partOfSpeech: 'noun',
            definitions: [{ definition: 'naivety', synonyms: [], antonyms: [] }],
            synonyms: [],
            antonyms: [],
          },
        ],
      },
    ]);
    const composed = await h.lookup('naïveté');
    const decomposed = await h.lookup('nai\u0308vete\u0301');
    expect(composed).toMatchObject({ status: 200, source: 'free-dictionary' });
    expect(decomposed).toMatchObject({ status: 200, source: 'redis' });
    expect(h.fake.requests.map((r) => r.rawUrl)).toEqual(['/api/v2/entries/en/na%C3%AFvet%C3%A9']);
  });

  it('the batch endpoint names every invalid word and looks none of them up', async () => {
    const res = await h.batch(['legion', '../x', 'hello', 'a?b=1', 'x'.repeat(500)]);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'words.1', message: expect.stringMatching(/^"\.\.\/x" contains the character "\."/) },
      { field: 'words.3', message: expect.stringMatching(/^"a\?b=1" contains the character "\?"/) },
      { field: 'words.4', message: expect.stringContaining('is 500 characters long') },
    ]);
    expect(h.fake.count()).toBe(0);
  });

  it.each([
    [{ words: [] }, 'words'],
    [{ words: Array(101).fill('legion') }, 'words'],
    [{ words: [42] }, 'words.0'],
    [{ words: ['legion'], extra: true }, 'extra'],
    [{}, 'words'],
  ])('a malformed batch body %j is a 400', async (body, field) => {
    const res = await h.app.request('/api/v1/dictionary/lookup', {
      method: 'POST',
      token: h.token,
      json: body,
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field)).toContain(field);
  });
});
