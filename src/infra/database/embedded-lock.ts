import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What the lock file says: who holds the embedded database, and where its socket answers. */
export interface EmbeddedLockOwner {
  pid: number;
  /** `postgresql://…` of the holder's socket, once it listens; absent while it starts. */
  connectionString?: string;
}

/** Another process (or another start in this one) holds the embedded database of this DATA_DIR. */
export class EmbeddedDatabaseInUseError extends Error {
  public constructor(
    public readonly dataDir: string,
    public readonly owner: EmbeddedLockOwner,
  ) {
    super(
      `The embedded PostgreSQL under ${dataDir} is in use by process ${owner.pid}: two processes writing ` +
        'one data directory would corrupt it. Stop that process, or set DATA_DIR to another directory.',
    );
    this.name = 'EmbeddedDatabaseInUseError';
  }
}

const LOCK_FILE = 'embedded-postgres.lock';

/**
 * The one-process guard of an embedded PostgreSQL's data directory. PGlite takes no lock of its own (its
 * `postmaster.pid` names pid -42), so a second `npm start` on the same DATA_DIR would open the same files
 * under a second server. The lock is a file created exclusively, naming its holder's pid; a file whose
 * process has died (a crash, a SIGKILL) is stale and taken over.
 */
export class EmbeddedLock {
  private constructor(
    private readonly path: string,
    private owner: EmbeddedLockOwner,
  ) {}

  public static async acquire(dataDir: string): Promise<EmbeddedLock> {
    const path = join(dataDir, LOCK_FILE);
    const owner = { pid: process.pid };
    for (let attempt = 0; ; attempt++) {
      try {
        await writeFile(path, JSON.stringify(owner), { flag: 'wx' });
        return new EmbeddedLock(path, owner);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      }
      const holder = await readEmbeddedLock(dataDir);
      if (holder && isAlive(holder.pid)) throw new EmbeddedDatabaseInUseError(dataDir, holder);
      await unlink(path).catch(() => undefined); // stale: its process is gone
    }
  }

  /** Records where the holder's socket answers, for `admin:create` to reach the running service. */
  public async publish(connectionString: string): Promise<void> {
    this.owner = { ...this.owner, connectionString };
    await writeFile(this.path, JSON.stringify(this.owner));
  }

  public async release(): Promise<void> {
    await unlink(this.path).catch(() => undefined);
  }
}

/** The holder named by DATA_DIR's lock file, or undefined when there is none (or it is unreadable). */
export async function readEmbeddedLock(dataDir: string): Promise<EmbeddedLockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8')) as Partial<EmbeddedLockOwner>;
    if (typeof parsed.pid !== 'number') return undefined;
    const { connectionString } = parsed;
    return typeof connectionString === 'string' ? { pid: parsed.pid, connectionString } : { pid: parsed.pid };
  } catch {
    return undefined;
  }
}

/** Whether the process `pid` runs: signal 0 checks without sending anything (EPERM: it runs as another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
