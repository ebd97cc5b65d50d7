import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FakeGeminiServer, hang } from '../../fakes/gemini.server.js';
import { registerUser } from '../../helpers/auth.js';
import { useTestApp } from '../../helpers/use-test-app.js';

/**
 * A model call still unanswered after one attempt's timeout or half the deadline starts the local checker's
 * thread, so the fallback at the deadline does not wait for Harper's set-up as well. Its own file: the
 * checker's pool is per process, and no other test may have started it.
 */
describe('local checker warm-up while Gemini is slow', () => {
  let gemini: FakeGeminiServer;
  beforeAll(async () => {
    gemini = await FakeGeminiServer.start();
    gemini.respondWith(() => hang());
  });
  afterAll(() => gemini?.close());
  const e2e = useTestApp(() => ({
    GEMINI_API_KEY: gemini.apiKey,
    GEMINI_BASE_URL: gemini.url,
    // One attempt of 5 s and a 2.5 s deadline: the thread starts at 1.25 s, the fallback at 2.5 s.
    GEMINI_TIMEOUT_MS: '5000',
    GEMINI_MAX_RETRIES: '0',
    LLM_DEADLINE_MS: '2500',
  }));

  const threads = async () => {
    const text = await (await e2e.app.request('/metrics')).text();
    return Number(/^local_checker_threads (\d+)$/m.exec(text)?.[1]);
  };

  it('starts the checker’s thread before the deadline, and the fallback then answers', async () => {
    const { accessToken } = await registerUser(e2e.app);
    expect(await threads()).toBe(0);
    let answered = false;
    const pending = e2e.app
      .request('/api/v1/llm/correct', {
        method: 'POST',
        token: accessToken,
        json: { text: 'We recieve it.' },
      })
      .finally(() => (answered = true));

    await expect.poll(threads, { timeout: 2_000, interval: 50 }).toBe(1);
    expect(answered).toBe(false);

    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.headers.get('x-llm-fallback')).toBe('deadline');
    const body = (await res.json()) as { source: string; edits: { replacement: string }[] };
    expect(body.source).toBe('local');
    expect(body.edits.map((e) => e.replacement)).toContain('receive');
  });
});
