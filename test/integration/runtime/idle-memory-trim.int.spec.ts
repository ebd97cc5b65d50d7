import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('./idle-memory-trim.child.ts', import.meta.url));
const REGISTER_TS = fileURLToPath(new URL('../../../bench/register-ts.mjs', import.meta.url));
const MB = 2 ** 20;

describe('IdleMemoryTrim in a real Node process', () => {
  it('gives the memory of a finished burst back once the process is idle, which V8 alone keeps', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--max-semi-space-size=16', '--import', REGISTER_TS, CHILD],
      { timeout: 30_000 },
    );
    const result = JSON.parse(stdout.trim()) as { rssAfterBurst: number; rssBefore: number; rssAfter: number };

    // After a full collection the heap is small again, but its pages stayed resident in V8's pool.
    expect(result.rssBefore).toBeGreaterThan(250 * MB);
    // The trim returns them: well over 100 MB of the ~300 MB burst.
    expect(result.rssBefore - result.rssAfter).toBeGreaterThan(100 * MB);
    expect(result.rssAfter).toBeLessThan(result.rssAfterBurst - 100 * MB);
  }, 40_000);
});
