import { describe, expect, it } from 'vitest';

import { registerUser } from '../../helpers/auth.js';
import { useTestApp } from '../../helpers/use-test-app.js';

/** The offline checker's thread (Harper, ~300 MB) exits once idle and comes back for the next check. */
describe('local checker worker, LOCAL_CHECKER_IDLE_SECONDS', () => {
  const e2e = useTestApp({ LOCAL_CHECKER_IDLE_SECONDS: '1' });

  const threads = async () => {
    const text = await (await e2e.app.request('/metrics')).text();
    return Number(/^local_checker_threads (\d+)$/m.exec(text)?.[1]);
  };
  const correct = async (token: string, text: string) => {
    const res = await e2e.app.request('/api/v1/llm/correct', { method: 'POST', token, json: { text } });
    expect(res.status).toBe(200);
    return (await res.json()) as { source: string; edits: { original: string; replacement: string }[] };
  };

  it('has no thread before the first local check, one during, none once idle, and one again on demand', async () => {
    const { accessToken } = await registerUser(e2e.app);
    expect(await threads()).toBe(0);
    const first = await correct(accessToken, 'We will recieve it tomorow.');
    expect(first.source).toBe('local');
    expect(first.edits.map((e) => e.replacement)).toEqual(expect.arrayContaining(['receive', 'tomorrow']));
    expect(await threads()).toBe(1);

    await expect.poll(threads, { timeout: 10_000, interval: 250 }).toBe(0);

    const again = await correct(accessToken, 'They allways agree.');
    expect(again.edits.map((e) => e.replacement)).toContain('always');
    expect(await threads()).toBe(1);
    // Two set-ups of the checker (~3 s each on a quiet machine, each followed by its ~1.5 s warm-up task)
    // and the idle wait between them.
  }, 60_000);
});
