import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { EmbeddedDatabaseInUseError, EmbeddedLock, readEmbeddedLock } from './embedded-lock.js';

describe('EmbeddedLock: one process per embedded data directory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pp-lock-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses a second holder while the first holds it, naming the holder, and admits one after release', async () => {
    const first = await EmbeddedLock.acquire(dir);
    const refused = await EmbeddedLock.acquire(dir).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(EmbeddedDatabaseInUseError);
    expect((refused as Error).message).toBe(
      `The embedded PostgreSQL under ${dir} is in use by process ${process.pid}: two processes writing one data ` +
        'directory would corrupt it. Stop that process, or set DATA_DIR to another directory.',
    );
    await first.release();
    expect(await readdir(dir)).toEqual([]);
    await (await EmbeddedLock.acquire(dir)).release();
  });

  it('publishes where the holder’s socket answers, for admin:create to find', async () => {
    const lock = await EmbeddedLock.acquire(dir);
    expect(await readEmbeddedLock(dir)).toEqual({ pid: process.pid });
    await lock.publish('postgresql://postgres@127.0.0.1:40001/postgres');
    expect(await readEmbeddedLock(dir)).toEqual({
      pid: process.pid,
      connectionString: 'postgresql://postgres@127.0.0.1:40001/postgres',
    });
    await lock.release();
    expect(await readEmbeddedLock(dir)).toBeUndefined();
  });

  it('takes over the lock of a process that has died (a crash leaves its file behind)', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    await writeFile(join(dir, 'embedded-postgres.lock'), JSON.stringify({ pid: dead }));
    const lock = await EmbeddedLock.acquire(dir);
    expect(await readEmbeddedLock(dir)).toEqual({ pid: process.pid });
    await lock.release();
  });

  it('reads a lock file it cannot parse as no holder', async () => {
    await writeFile(join(dir, 'embedded-postgres.lock'), 'not json');
    expect(await readEmbeddedLock(dir)).toBeUndefined();
  });
});
