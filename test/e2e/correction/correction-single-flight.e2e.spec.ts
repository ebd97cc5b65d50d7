import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { delay } from '../../fakes/gemini.server.js';
import { correctionHandler, piecesOf } from '../../fakes/gemini-correction.handler.js';
import type { TestApp } from '../../helpers/test-app.js';
import { type CorrectionHarness, startCorrectionHarness } from './correction-harness.js';

describe('single-flight across instances', () => {
  let h: CorrectionHarness;
  let second: TestApp;

  beforeAll(async () => {
    // A slow model, so all requests are in flight together; the timeout leaves room for the delay.
    h = await startCorrectionHarness({ GEMINI_TIMEOUT_MS: '3000' });
    second = await h.anotherInstance();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.gemini.reset();
    const answer = correctionHandler();
    h.gemini.respondWith(async (req) => delay(300, await answer(req)));
  });

  it('50 concurrent identical requests over two instances make ONE Gemini call, and all get the same corrections', async () => {
    const text = 'Fifty writers recieved teh same sentence at once.';
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => h.correct(text, { on: i % 2 === 0 ? h.app : second })),
    );
    expect(h.gemini.callCount).toBe(1);
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect(res.body.corrected).toBe('Fifty writers received the same sentence at once.');
      expect(res.body.edits).toEqual(responses[0].body.edits);
    }
    // One request paid for it; the others were served what it loaded.
    expect(responses.filter((r) => r.body.source === 'gemini').length).toBeGreaterThanOrEqual(1);
    expect(responses.filter((r) => r.body.usage.promptTokens > 0)).toHaveLength(1);
  });

  it('a multi-sentence document requested concurrently on both instances sends every sentence to Gemini exactly once', async () => {
    const sentences = Array.from({ length: 6 }, (_, i) => `Concurrent sentence ${i} has teh typo.`);
    const text = sentences.join(' ');
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => h.correct(text, { on: i % 2 ? h.app : second })),
    );
    const sent = h.gemini.calls.flatMap((call) => piecesOf(call).map((p) => p.text));
    expect(sent.sort()).toEqual([...sentences].sort());
    for (const res of responses) expect(res.body.corrected).toBe(text.replaceAll('teh', 'the'));
  });
});
