import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { dropConnection, error429, error500, error503, hang, okText } from '../../fakes/gemini.server.js';
import { correctionAnswer, correctionHandler, piecesOf } from '../../fakes/gemini-correction.handler.js';
import {
  type CorrectionHarness,
  startCorrectionHarness,
  TEST_GEMINI_TIMEOUT_MS,
} from './correction-harness.js';

/**
 * Gemini's whole share of a request is bounded by two attempt timeouts (600 ms here); the rest is local work
 * and HTTP — ~150 ms on an idle machine, but CI shares two cores with other test files, hence the margin.
 * Three hanging attempts (no deadline) or one default 8 s timeout would still fail this.
 */
const BUDGET_MS = 2 * TEST_GEMINI_TIMEOUT_MS + 1_500;

// "This is an test" is caught by Harper (a/an); "their going" is not — only the model knows that one.
const TEXT = 'This is an test of teh fallback.';

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

describe('POST /api/v1/llm/correct when Gemini misbehaves', () => {
  let h: CorrectionHarness;
  let n = 0;
  /** A sentence nobody asked before, so every test reaches Gemini. */
  const fresh = (text = TEXT) => `${text.replace(/\.$/, '')} ${++n}.`;

  beforeAll(async () => {
    h = await startCorrectionHarness({ GEMINI_MAX_RETRIES: '2' });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    h.gemini.reset();
    h.gemini.respondWith(correctionHandler());
    // One good call resets the breaker's count of consecutive failures, so tests do not add up to an open
    // circuit (that has its own test, on its own instance, below).
    expect((await h.correct(fresh('A warm-up sentence.'))).body.source).toBe('gemini');
    h.gemini.calls.length = 0;
  });

  it.each([
    ['hangs past the timeout', hang()],
    ['drops the connection', dropConnection()],
    ['answers 503', error503()],
  ])('falls back to the local checker within the timeout budget when Gemini %s', async (_name, reply) => {
    h.gemini.respondWith(() => reply);
    const text = fresh();
    const { value: res, ms } = await timed(() => h.correct(text));
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('local');
    expect(res.body.model).toBe('harper');
    expect(res.fallback).toBe('upstream-error');
    expect(res.cache).toBe('MISS');
    expect(res.body.corrected).toContain('This is a test');
    expect(ms).toBeLessThan(BUDGET_MS);
    // Retried (GEMINI_MAX_RETRIES=2) as far as the deadline allowed, never more. One attempt only when the
    // first waited out its timeout (late, on a loaded machine) and the deadline (two timeouts) had no room
    // left for the backoff and another attempt: the retry policy does not start one it cannot finish.
    expect(h.gemini.callCount).toBeGreaterThanOrEqual(1);
    expect(h.gemini.callCount).toBeLessThanOrEqual(3);
    if (h.gemini.callCount === 1) expect(ms).toBeGreaterThanOrEqual(TEST_GEMINI_TIMEOUT_MS);
  });

  it('retries a 500 and serves the second answer', async () => {
    h.gemini.enqueue(error500());
    const res = await h.correct(fresh());
    expect(res.body.source).toBe('gemini');
    expect(h.gemini.callCount).toBe(2);
  });

  it('honours a short RetryInfo hint on 429 and then succeeds', async () => {
    h.gemini.enqueue(error429(0));
    const res = await h.correct(fresh());
    expect(res.body.source).toBe('gemini');
    expect(h.gemini.callCount).toBe(2);
  });

  it('does not wait out a long RetryInfo hint: local at once, one call', async () => {
    h.gemini.enqueue(error429(17));
    const { value: res, ms } = await timed(() => h.correct(fresh()));
    expect(res.body.source).toBe('local');
    expect(h.gemini.callCount).toBe(1);
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it.each([
    ['malformed JSON', () => okText('{"results": [ {"id": 1, "edits": [')],
    ['prose instead of JSON', () => okText('Sure! Here are the corrections you asked for.')],
    [
      'edits whose original is not in the sentence',
      () =>
        correctionAnswer([
          { id: 1, edits: [{ original: 'nowhere', replacement: 'x', message: '', category: 'grammar' }] },
        ]),
    ],
    ['an answer for another id', () => correctionAnswer([{ id: 7, edits: [] }])],
  ])('never passes on %s: local for that sentence, and nothing cached', async (_name, reply) => {
    h.gemini.respondWith(reply);
    const text = fresh();
    const res = await h.correct(text);
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('local');
    expect(res.fallback).toBe('invalid-answer');
    for (const e of res.body.edits) expect(text.slice(e.offset, e.offset + e.length)).toBe(e.original);
    // Not cached: the next request asks Gemini again (and now gets a good answer).
    h.gemini.respondWith(correctionHandler());
    const again = await h.correct(text);
    expect(again.body.source).toBe('gemini');
    expect(h.gemini.callCount).toBe(2);
    expect((await h.correct(text)).body.source).toBe('redis');
  });

  it('keeps the good sentences of a partly bad answer and falls back only for the bad one', async () => {
    const good = fresh('A good sentence with teh typo.');
    const bad = fresh('A sentence the model garbles.');
    h.gemini.respondWith((req) => {
      const [first, second] = piecesOf(req);
      return correctionAnswer([
        {
          id: first.id,
          edits: [{ original: 'teh', replacement: 'the', message: 'Typo.', category: 'spelling' }],
        },
        {
          id: second.id,
          edits: [{ original: 'not in it', replacement: 'x', message: '', category: 'grammar' }],
        },
      ]);
    });
    const res = await h.correct(`${good} ${bad}`);
    expect(res.body.source).toBe('mixed');
    expect(res.body.model).toBe('gemini-2.5-flash+harper');
    expect(res.body.edits).toEqual([
      expect.objectContaining({ original: 'teh', replacement: 'the', offset: good.indexOf('teh') }),
    ]);
  });
});

describe('the Gemini circuit breaker', () => {
  let h: CorrectionHarness;

  beforeAll(async () => {
    h = await startCorrectionHarness({ GEMINI_MAX_RETRIES: '2' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('opens after repeated failures: misses go local at once without calling Gemini, cached sentences are still served', async () => {
    const cached = 'A sentence cached before the outage has teh typo.';
    expect((await h.correct(cached)).body.source).toBe('gemini');

    h.gemini.respondWith(() => error500());
    // 5 consecutive failed attempts open it: up to 3 per request here, fewer on a loaded machine, where a
    // retry that no longer fits the deadline is skipped; so fail requests until five attempts have failed.
    for (let i = 1; i <= 5 && h.gemini.callCount < 6; i++) await h.correct(`Circuit sentence ${i}.`);
    const calls = h.gemini.callCount;
    expect(calls).toBeGreaterThanOrEqual(6);

    const text = `${cached} This is an new sentence.`;
    const res = await h.correct(text);
    expect(h.gemini.callCount).toBe(calls);
    expect(res.fallback).toBe('circuit-open');
    expect(res.cache).toBe('PARTIAL');
    expect(res.body.source).toBe('mixed');
    expect(res.body.corrected).toBe(
      'A sentence cached before the outage has the typo. This is a new sentence.',
    );
  });
});

describe('POST /api/v1/llm/correct without GEMINI_API_KEY', () => {
  let h: CorrectionHarness;

  beforeAll(async () => {
    h = await startCorrectionHarness({ GEMINI_API_KEY: undefined });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('works locally from the start and never calls Gemini', async () => {
    const text = 'This is an test. I recieved it.';
    const res = await h.correct(text);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      source: 'local',
      model: 'harper',
      usage: { promptTokens: 0, completionTokens: 0 },
    });
    expect(res.fallback).toBe('unconfigured');
    expect(res.body.corrected).toBe('This is a test. I received it.');
    expect(h.gemini.callCount).toBe(0);
  });

  it('gives UTF-16 offsets from the local checker too (emoji and combining marks before the errors)', async () => {
    const text = '👩‍👩‍👧😀 Cafe\u0301 time. 𝒳 I recieved an letter.';
    const res = await h.correct(text);
    expect(res.status).toBe(200);
    expect(res.body.edits.length).toBeGreaterThanOrEqual(2);
    for (const e of res.body.edits) expect(text.slice(e.offset, e.offset + e.length)).toBe(e.original);
    expect(res.body.edits.find((e: { original: string }) => e.original === 'recieved').offset).toBe(
      text.indexOf('recieved'),
    );
    expect(res.body.corrected).toContain('I received a letter.');
  });

  it('leaves English-only local checking out of other languages rather than flag every word', async () => {
    const res = await h.correct('Ceci est une phrase en français.', { language: 'fr' });
    expect(res.body).toMatchObject({
      source: 'local',
      edits: [],
      corrected: 'Ceci est une phrase en français.',
    });
  });
});
