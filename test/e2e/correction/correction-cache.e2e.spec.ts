import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { piecesOf } from '../../fakes/gemini-correction.handler.js';
import { type CorrectionHarness, startCorrectionHarness } from './correction-harness.js';

/** Twenty sentences, the 8th with a typo the fake fixes ("teh" → "the"). */
function twentySentences(marker: string): string[] {
  return Array.from({ length: 20 }, (_, i) =>
    i === 7 ? `Sentence ${i} of ${marker} has teh typo.` : `Sentence ${i} of ${marker} is fine.`,
  );
}

describe('POST /api/v1/llm/correct: sentence-level caching', () => {
  let h: CorrectionHarness;

  beforeAll(async () => {
    h = await startCorrectionHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.gemini.calls.length = 0;
  });

  it('corrects with Gemini, then serves the identical request from Redis with the same corrections and no Gemini call', async () => {
    const text = 'I recieved teh letter. It was definately late.';
    const first = await h.correct(text);
    expect(first.status).toBe(200);
    expect(first.cache).toBe('MISS');
    expect(first.body).toMatchObject({
      corrected: 'I received the letter. It was definitely late.',
      source: 'gemini',
      model: 'gemini-2.5-flash',
    });
    expect(first.body.edits).toEqual([
      {
        offset: 2,
        length: 8,
        original: 'recieved',
        replacement: 'received',
        message: expect.any(String),
        category: 'spelling',
      },
      {
        offset: 11,
        length: 3,
        original: 'teh',
        replacement: 'the',
        message: expect.any(String),
        category: 'spelling',
      },
      {
        offset: 30,
        length: 10,
        original: 'definately',
        replacement: 'definitely',
        message: expect.any(String),
        category: 'spelling',
      },
    ]);
    expect(first.body.usage.promptTokens).toBeGreaterThan(0);
    // Both sentences went out in ONE call.
    expect(h.gemini.callCount).toBe(1);
    expect(piecesOf(h.gemini.calls[0]).map((p) => p.text)).toEqual([
      'I recieved teh letter.',
      'It was definately late.',
    ]);
    // JSON output constrained by a response schema, deterministic, with the versioned instructions.
    expect(h.gemini.calls[0].body.generationConfig).toMatchObject({
      responseMimeType: 'application/json',
      responseSchema: { type: 'OBJECT', required: ['results'] },
      temperature: 0,
    });
    expect(h.gemini.calls[0].systemText).toContain('prompt correct-v1');

    const second = await h.correct(text);
    expect(second.status).toBe(200);
    expect(second.cache).toBe('HIT');
    expect(second.body).toEqual({
      ...first.body,
      source: 'redis',
      usage: { promptTokens: 0, completionTokens: 0 },
    });
    const third = await h.correct(text);
    expect(third.raw).toBe(second.raw);
    expect(h.gemini.callCount).toBe(1);
  });

  it('after the llm keys are gone from Redis, answers from PostgreSQL — and Redis again after that', async () => {
    const text = 'We will meet untill noon. Bring teh notes.';
    const first = await h.correct(text);
    expect(first.body.source).toBe('gemini');
    expect(await h.flushLlmFromRedis()).toBeGreaterThan(0);

    const fromPostgres = await h.correct(text);
    expect(fromPostgres.cache).toBe('HIT');
    expect(fromPostgres.body).toMatchObject({
      source: 'postgres',
      corrected: first.body.corrected,
      edits: first.body.edits,
    });
    expect((await h.correct(text)).body.source).toBe('redis');
    expect(h.gemini.callCount).toBe(1);
    const [row] = await h.query<{ hit_count: number }>(`SELECT max(hit_count) AS hit_count FROM llm_results`);
    expect(row.hit_count).toBeGreaterThanOrEqual(1);
  });

  it('editing one sentence of twenty sends only that sentence, with offsets right for the whole text', async () => {
    const sentences = twentySentences('doc-a');
    const original = sentences.join(' ');
    expect((await h.correct(original)).body.source).toBe('gemini');
    h.gemini.calls.length = 0;

    sentences[13] = 'Sentence 13 now has a seperate typo.';
    const edited = sentences.join(' ');
    const res = await h.correct(edited);
    expect(res.status).toBe(200);
    expect(res.cache).toBe('PARTIAL');
    expect(res.body.source).toBe('mixed');
    expect(h.gemini.callCount).toBe(1);
    expect(piecesOf(h.gemini.calls[0]).map((p) => p.text)).toEqual([sentences[13]]);

    const at7 = edited.indexOf('teh');
    const at13 = edited.indexOf('seperate');
    expect(res.body.edits).toEqual([
      expect.objectContaining({ offset: at7, length: 3, original: 'teh', replacement: 'the' }),
      expect.objectContaining({ offset: at13, length: 8, original: 'seperate', replacement: 'separate' }),
    ]);
    expect(res.body.corrected).toBe(edited.replace('teh', 'the').replace('seperate', 'separate'));
    // The changed sentence costs only its own tokens: far fewer than the whole document did.
    expect(res.body.usage.promptTokens).toBeGreaterThan(0);
  });

  it('moves cached sentences to new positions (inserted paragraph, different whitespace) without asking Gemini', async () => {
    const a = 'Teh first sentence is here.';
    const b = 'The second one is fine.';
    await h.correct(`${a} ${b}`);
    h.gemini.calls.length = 0;
    const moved = `  ${b}\n\n${a}\t`;
    const res = await h.correct(moved);
    expect(res.cache).toBe('HIT');
    expect(h.gemini.callCount).toBe(0);
    expect(res.body.edits).toEqual([
      expect.objectContaining({ offset: moved.indexOf('Teh'), original: 'Teh', replacement: 'The' }),
    ]);
    expect(res.body.corrected).toBe(moved.replace('Teh', 'The'));
  });

  it('asks once for a sentence repeated in the document', async () => {
    const s = 'This line repeats teh word.';
    const res = await h.correct(`${s} ${s} ${s}`);
    expect(h.gemini.callCount).toBe(1);
    expect(piecesOf(h.gemini.calls[0])).toHaveLength(1);
    expect(res.body.edits).toHaveLength(3);
  });

  it('reports UTF-16 offsets after emoji and combining marks', async () => {
    const text = '😀👩‍👩‍👧 Cafe\u0301 recieved teh 𝒳 parcel.';
    const res = await h.correct(text);
    expect(res.status).toBe(200);
    for (const e of res.body.edits) expect(text.slice(e.offset, e.offset + e.length)).toBe(e.original);
    expect(res.body.edits.map((e: { offset: number }) => e.offset)).toEqual([
      text.indexOf('recieved'),
      text.indexOf('teh'),
    ]);
    expect(res.body.corrected).toBe('😀👩‍👩‍👧 Cafe\u0301 received the 𝒳 parcel.');
  });

  it('keys the cache by mode: the same sentence in another mode is a new Gemini question', async () => {
    const text = 'Mode keyed sentence with teh typo.';
    await h.correct(text, { mode: 'grammar' });
    const formal = await h.correct(text, { mode: 'formal' });
    expect(formal.cache).toBe('MISS');
    expect(h.gemini.callCount).toBe(2);
    expect(JSON.parse(h.gemini.calls[1].userText)).toMatchObject({ mode: 'formal' });
    expect(h.gemini.calls[1].systemText).toContain('correct-v1');
  });
});
