import { readdirSync, readFileSync } from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';

import { LocalCheckerPool } from '#src/correction/providers/local/local-checker-pool.js';

import { registerUser } from '../../helpers/auth.js';
import { rawRedis } from '../../helpers/redis.js';
import { useTestApp } from '../../helpers/use-test-app.js';

/** The local checker's answers are cached per sentence and per user, like Gemini's (Gemini unconfigured). */
describe('local checker answers, cached per sentence', () => {
  const e2e = useTestApp();
  let pool: LocalCheckerPool;

  beforeAll(async () => {
    pool = e2e.app.app.get(LocalCheckerPool);
  });

  const correct = async (token: string | undefined, text: string) => {
    const res = await e2e.app.request('/api/v1/llm/correct', { method: 'POST', token, json: { text } });
    expect(res.status).toBe(200);
    return {
      cache: res.headers.get('x-cache'),
      sentences: res.headers.get('x-cache-sentences'),
      body: (await res.json()) as { corrected: string; edits: { original: string; replacement: string }[] },
    };
  };

  it('checks an unchanged document once: the second answer is the same, from the cache, with no checker work', async () => {
    const { accessToken } = await registerUser(e2e.app);
    const text = 'I will recieve the parcel. It is a example of teh problem.';
    const first = await correct(accessToken, text);
    expect(first.cache).toBe('MISS');
    expect(first.sentences).toBe('0/2');
    expect(first.body.edits.map((e) => e.original)).toEqual(expect.arrayContaining(['recieve', 'teh']));

    const checksBefore = pool.completedChecks;
    const second = await correct(accessToken, text);
    expect(pool.completedChecks).toBe(checksBefore);
    expect(second.cache).toBe('HIT');
    expect(second.sentences).toBe('2/2');
    expect(second.body).toEqual(first.body);

    // One changed sentence: only that one is checked again.
    const third = await correct(accessToken, 'I will recieve the parcel. It is an example of the problem.');
    expect(pool.completedChecks).toBe(checksBefore + 1);
    expect(third.cache).toBe('PARTIAL');
    expect(third.sentences).toBe('1/2');
  });

  it("keys the answers by user and checker version: another user's identical text is checked afresh", async () => {
    const a = await registerUser(e2e.app);
    const b = await registerUser(e2e.app);
    const text = 'Another sentance to check.';
    await correct(a.accessToken, text);
    const before = pool.completedChecks;
    const other = await correct(b.accessToken, text);
    expect(pool.completedChecks).toBe(before + 1);
    expect(other.cache).toBe('MISS');

    const redis = rawRedis();
    try {
      const keys = await redis.keys(`${e2e.prefix}llm:*`);
      expect(keys.length).toBeGreaterThanOrEqual(2);
      const stored = JSON.parse((await redis.get(keys[0]))!) as {
        d: { model: string; promptVersion: string };
      };
      expect(stored.d).toMatchObject({
        model: 'harper',
        promptVersion: expect.stringMatching(/^harper@\d+\.\d+\.\d+\+refine@\d+$/),
      });
    } finally {
      redis.disconnect();
    }
  });

  it('checks in a thread below normal priority, and leaves the process at normal priority', async () => {
    const { accessToken } = await registerUser(e2e.app);
    await correct(accessToken, 'A thread that yeilds the processor.');
    // Linux: field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value.
    const niceOf = (tid: string) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const threads = readdirSync('/proc/self/task');
    expect(niceOf(String(process.pid))).toBe(0);
    expect(threads.map(niceOf)).toContain(10);
  });
});
