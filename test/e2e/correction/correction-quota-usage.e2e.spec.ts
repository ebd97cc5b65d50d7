import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { UsageFlusher } from '#src/correction/usage/usage-flusher.js';

import { correctionHandler } from '../../fakes/gemini-correction.handler.js';
import { rawRedis } from '../../helpers/redis.js';
import { type CorrectionHarness, startCorrectionHarness } from './correction-harness.js';

/** What the fake reports for every call: the numbers the usage rows must carry. */
const USAGE = {
  promptTokenCount: 150,
  candidatesTokenCount: 40,
  thoughtsTokenCount: 10,
  totalTokenCount: 200,
};
const BUDGET = 1_000;

describe('LLM quota and usage accounting', () => {
  let h: CorrectionHarness;

  beforeAll(async () => {
    h = await startCorrectionHarness({
      LLM_DAILY_TOKEN_BUDGET: String(BUDGET),
      GEMINI_COST_PER_MILLION_INPUT_USD: '0.3',
      GEMINI_COST_PER_MILLION_OUTPUT_USD: '2.5',
    });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.gemini.reset();
    h.gemini.respondWith(correctionHandler({ usage: USAGE }));
  });

  const flushUsage = () => h.app.app.get(UsageFlusher).flush();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const usage = async (token = h.token): Promise<any> =>
    (await h.app.request('/api/v1/llm/usage', { token })).json();

  it('records every Gemini call (not cache hits) with the tokens and cost the API reported, written behind in a batch', async () => {
    const { token, userId } = await h.newUser();
    const a = await h.correct('Usage sentence one has teh typo.', { token });
    expect(a.body.usage).toEqual({ promptTokens: 150, completionTokens: 50 });
    await h.correct('Usage sentence one has teh typo.', { token }); // cache hit: free
    await h.correct('Usage sentence two is here.', { token });
    expect(h.gemini.callCount).toBe(2);

    // Buffered in Redis until the flush.
    expect(await h.query(`SELECT 1 FROM llm_usage WHERE user_id = $1`, [userId])).toHaveLength(0);
    expect(await flushUsage()).toBeGreaterThanOrEqual(2);

    const rows = (await h.usageRows()).filter((r) => r.user_id === userId);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({
        model: 'gemini-2.5-flash',
        prompt_tokens: 150,
        completion_tokens: 50,
        total_tokens: 200,
      });
      // 150 × 0.3/M + 50 × 2.5/M
      expect(Number(row.estimated_cost_usd)).toBeCloseTo(0.00017, 6);
    }

    const body = await usage(token);
    expect(body.today).toEqual({
      promptTokens: 300,
      completionTokens: 100,
      totalTokens: 400,
      costUsd: 0.00034,
      calls: 2,
      byKind: {
        correction: { totalTokens: 400, costUsd: 0.00034, calls: 2 },
        dictionary: { totalTokens: 0, costUsd: 0, calls: 0 },
      },
    });
    expect(body.month).toEqual(body.today);
    expect(body.budget).toMatchObject({ dailyTokens: BUDGET, usedTokens: 400, remainingTokens: 600 });
    expect(Date.parse(body.budget.resetsAt)).toBeGreaterThan(Date.now());
  });

  it('over the daily budget the model is not called: local corrections, cached sentences still served', async () => {
    const { token } = await h.newUser();
    const cached = 'Budget sentence zero has teh typo.';
    expect((await h.correct(cached, { token })).body.source).toBe('gemini');
    // Spend the budget (200 tokens per call): at some point the reservation (an estimate of the next call)
    // no longer fits and the model stops being asked.
    let i = 0;
    while ((await h.correct(`Budget sentence ${++i} is fine.`, { token })).fallback !== 'quota')
      expect(i).toBeLessThan(10);
    const calls = h.gemini.callCount;
    expect(calls * 200).toBeLessThanOrEqual(BUDGET);
    expect(calls).toBeGreaterThanOrEqual(3);

    const over = await h.correct(`${cached} This is an new sentence.`, { token });
    expect(over.status).toBe(200);
    expect(h.gemini.callCount).toBe(calls);
    expect(over.fallback).toBe('quota');
    expect(over.cache).toBe('PARTIAL');
    expect(over.body.source).toBe('mixed');
    expect(over.body.corrected).toBe('Budget sentence zero has the typo. This is a new sentence.');
    expect((await usage(token)).budget.usedTokens).toBe(calls * 200);

    // Another user has their own budget.
    const other = await h.newUser();
    expect((await h.correct('This is an new sentence.', { token: other.token })).body.source).toBe('gemini');
  });

  it('keeps the budget counter in Redis, expiring at the end of the UTC day', async () => {
    const { token, userId } = await h.newUser();
    await h.correct('Expiry sentence has teh typo.', { token });
    const redis = rawRedis();
    try {
      const [key] = await redis.keys(`${h.prefix}llm-budget:${userId}:*`);
      expect(key).toMatch(/:\d{4}-\d{2}-\d{2}$/);
      expect(Number(await redis.get(key))).toBe(200);
      const expireAt = (await redis.expiretime(key)) * 1000;
      const endOfDay = Date.UTC(
        new Date().getUTCFullYear(),
        new Date().getUTCMonth(),
        new Date().getUTCDate() + 1,
      );
      expect(expireAt).toBeGreaterThanOrEqual(endOfDay);
      expect(expireAt).toBeLessThanOrEqual(endOfDay + 120_000);
    } finally {
      redis.disconnect();
    }
  });

  it('does not charge the budget for a call that failed', async () => {
    const { token } = await h.newUser();
    h.gemini.respondWith(() => ({
      kind: 'raw',
      status: 400,
      body: '{"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}}',
    }));
    expect((await h.correct('A failed call sentence.', { token })).body.source).toBe('local');
    expect((await usage(token)).budget.usedTokens).toBe(0);
  });

  it('honours llmEnabled=false and disabledRules from the settings', async () => {
    const { token } = await h.newUser();
    await h.patchSettings({ llmEnabled: false }, token);
    const local = await h.correct('I recieved an letter.', { token });
    expect(local.fallback).toBe('disabled');
    expect(local.body.source).toBe('local');
    expect(h.gemini.callCount).toBe(0);
    expect(local.body.edits.map((e: { category: string }) => e.category)).toContain('spelling');

    await h.patchSettings({ llmEnabled: true, disabledRules: ['spelling'] }, token);
    const res = await h.correct('Rules sentence has teh typo and the the repeat.', { token });
    expect(res.body.source).toBe('gemini');
    expect(res.body.edits.map((e: { category: string }) => e.category)).toEqual(['repetition']);
    expect(res.body.corrected).toBe('Rules sentence has teh typo and the repeat.');
  });

  it('uses the settings as defaults for mode and language', async () => {
    const { token } = await h.newUser();
    await h.patchSettings({ correctionMode: 'concise', language: 'en-GB', tone: 'formal' }, token);
    await h.correct('Defaults sentence here.', { token });
    expect(JSON.parse(h.gemini.calls[0].userText)).toMatchObject({ mode: 'concise', language: 'en-GB' });
    expect(h.gemini.calls[0].systemText).toContain('Preferred tone: formal');
  });

  it('rejects bad requests: 400 for empty or malformed, 413 past 10,000 characters, 401 without a token', async () => {
    const invalid = (field: string, message: unknown) => ({
      type: 'https://prosepolish.dev/problems/validation-failed',
      status: 400,
      errors: [{ field, message }],
    });
    const rejected = async (res: Response) => ({ status: res.status, body: await res.json() });
    const post = (body: string, signedIn = true) =>
      h.app.request('/api/v1/llm/correct', {
        method: 'POST',
        token: signedIn ? h.token : undefined,
        headers: { 'content-type': 'application/json' },
        body,
      });

    for (const text of ['', '   \n ']) {
      expect(await h.correct(text)).toMatchObject({
        status: 400,
        body: invalid('text', 'must not be empty'),
      });
    }
    expect(await h.correct('x'.repeat(10_001))).toMatchObject({
      status: 413,
      body: {
        type: 'https://prosepolish.dev/problems/payload-too-large',
        detail: 'text is 10001 characters; at most 10000 are accepted.',
      },
    });
    expect(await h.correct('ok', { mode: 'shouty' })).toMatchObject({
      status: 400,
      body: invalid('mode', expect.stringContaining('"grammar"|"clarity"|"concise"|"formal"|"friendly"')),
    });
    expect(await rejected(await post('{"text":"hi","extra":1}'))).toMatchObject({
      status: 400,
      body: invalid('extra', 'is not allowed'),
    });
    expect(await rejected(await post('{"text":"bad \\ud800 text"}'))).toMatchObject({
      status: 400,
      body: invalid('text', 'must be well-formed Unicode (no lone surrogates)'),
    });
    expect(await rejected(await post('{"text":"hi"}', false))).toMatchObject({
      status: 401,
      body: { type: 'https://prosepolish.dev/problems/unauthorized', detail: 'Authentication is required.' },
    });
    const longest = await h.correct('y'.repeat(10_000));
    expect(longest.status).toBe(200);
    expect(longest.body.corrected).toHaveLength(10_000);
  });

  it('documents both routes in OpenAPI', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const doc: any = await (await h.app.request('/docs-json')).json();
    const correct = doc.paths['/api/v1/llm/correct'].post;
    expect(JSON.stringify(correct.requestBody)).toContain('CorrectRequest');
    expect(Object.keys(correct.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '413']));
    expect(correct.responses['200'].headers).toHaveProperty('X-Cache');
    expect(doc.paths['/api/v1/llm/usage'].get.responses['200']).toBeDefined();
  });
});
