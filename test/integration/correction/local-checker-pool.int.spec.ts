import { describe, expect, it } from 'vitest';

import { AppConfig } from '#src/config/app-config.js';
import { CorrectionMetrics } from '#src/correction/correction.metrics.js';
import { LocalCheckerPool } from '#src/correction/providers/local/local-checker-pool.js';

import { baseTestEnv } from '../../helpers/test-app.js';

/** The real worker pool (a thread with Harper's WebAssembly), as the service shuts it down. */
describe('LocalCheckerPool shutdown', () => {
  const config = AppConfig.fromEnv(baseTestEnv({ LOCAL_CHECKER_THREADS: '1' }));

  it('lets a check under way finish, its thread still setting up, before the pool closes', async () => {
    const pool = new LocalCheckerPool(config, new CorrectionMetrics());
    const checking = pool.check({ pieces: ['We recieved it.'], dialect: 'American', refine: true });
    // Shutdown arrives while the thread is still loading Harper (its set-up takes seconds).
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closing = pool.onApplicationShutdown();

    const [edits] = await checking;
    expect(edits).toEqual([
      expect.objectContaining({ original: 'recieved', replacement: 'received', category: 'spelling' }),
    ]);
    await closing;
    expect(pool.completedChecks).toBe(0); // the pool is gone: nothing of it is left to count
  }, 30_000);
});
