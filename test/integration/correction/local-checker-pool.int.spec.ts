import { Piscina } from 'piscina';
import { describe, expect, it, vi } from 'vitest';

import { AppConfig } from '#src/config/app-config.js';
import { CorrectionMetrics } from '#src/correction/correction.metrics.js';
import { LocalCheckerPool } from '#src/correction/providers/local/local-checker-pool.js';

import { baseTestEnv } from '../../helpers/test-app.js';

const config = AppConfig.fromEnv(baseTestEnv({ LOCAL_CHECKER_THREADS: '1' }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timedCheck(pool: LocalCheckerPool, text: string) {
  const started = performance.now();
  const [edits] = await pool.check({ pieces: [text], dialect: 'American', refine: true });
  return { edits: edits!, ms: performance.now() - started };
}

/** The real worker pool (a thread with Harper's WebAssembly). */
describe('LocalCheckerPool', () => {
  it('lets a check under way finish, its thread still setting up, before the pool closes', async () => {
    const pool = new LocalCheckerPool(config, new CorrectionMetrics());
    const checking = pool.check({ pieces: ['We recieved it.'], dialect: 'American', refine: true });
    // Shutdown arrives while the thread is still loading Harper (its set-up takes seconds).
    await sleep(200);
    const closing = pool.onApplicationShutdown();

    const [edits] = await checking;
    expect(edits).toEqual([
      expect.objectContaining({ original: 'recieved', replacement: 'received', category: 'spelling' }),
    ]);
    await closing;
    expect(pool.completedChecks).toBe(0); // the pool is gone: nothing of it is left to count
  }, 30_000);

  it('answers a new thread’s first check before Harper’s state for unusual words, then builds it while nobody waits', async () => {
    const pool = new LocalCheckerPool(config, new CorrectionMetrics());
    try {
      const first = await timedCheck(pool, 'We recieved it.');
      expect(first.edits.map((e) => e.replacement)).toEqual(['received']);
      expect(pool.completedChecks).toBe(1);

      // The warm-up task follows the first check (~1.5–2.3 s of Harper's own work on this machine); a name
      // unlike any word then costs a check tens of milliseconds instead of that again.
      await sleep(6_000);
      const name = await timedCheck(pool, 'Mr. Heitschmidt will chair the meeting tomorow.');
      expect(name.edits.map((e) => e.replacement)).toEqual(['tomorrow']);
      expect(name.ms).toBeLessThan(1_000);
      expect(pool.completedChecks).toBe(2); // the warm-up is no check
    } finally {
      await pool.onApplicationShutdown();
    }
  }, 40_000);

  it('shuts down right after a first check: close waits for the warm-up task instead of terminating it', async () => {
    // Passes every task through, keeping the warm-up's own promise: a terminated task rejects it.
    const run = Piscina.prototype.run;
    const warmUps: Promise<unknown>[] = [];
    const spy = vi.spyOn(Piscina.prototype, 'run').mockImplementation(function (
      this: Piscina,
      task,
      options,
    ) {
      const running = run.call(this, task, options);
      if (options?.name === 'warmUp') warmUps.push(running);
      return running;
    });
    try {
      const pool = new LocalCheckerPool(config, new CorrectionMetrics());
      const { edits } = await timedCheck(pool, 'We recieved it.');
      expect(edits.map((e) => e.replacement)).toEqual(['received']);
      expect(warmUps).toHaveLength(1);

      await pool.onApplicationShutdown();
      await expect(warmUps[0]).resolves.toBeUndefined();
    } finally {
      spy.mockRestore();
    }
  }, 30_000);
});
