import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

import { compiledWorkerFile } from '#src/infra/workers/compiled-worker-file.js';

import { EmbeddedLock } from './embedded-lock.js';
import { Migrator, type MigratorLogger } from './migrator.js';

// Three levels up from both src/infra/database/ and dist/infra/database/ is the repository root.
const MIGRATIONS_DIR = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));

/**
 * PostgreSQL compiled to WASM (PGlite), kept on disk under DATA_DIR and served on a loopback socket,
 * so Prisma reaches it through exactly the same driver (`@prisma/adapter-pg`) as a real server.
 * Single process, single instance: for trying the service out, never for production.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lock: EmbeddedLock,
    public readonly dataDir: string,
  ) {}

  /** Throws `EmbeddedDatabaseInUseError` while another process (or start) holds `dataDir`'s database. */
  public static async start(dataDir: string, logger?: MigratorLogger): Promise<EmbeddedPostgres> {
    const dir = resolve(dataDir, 'postgres');
    await mkdir(dir, { recursive: true });
    const lock = await EmbeddedLock.acquire(resolve(dataDir));
    try {
      return await EmbeddedPostgres.open(dir, lock, logger);
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  private static async open(dir: string, lock: EmbeddedLock, logger?: MigratorLogger) {
    // PostgreSQL's default 128 MB of shared buffers live in PGlite's WebAssembly memory, which never
    // shrinks; a database for trying the service out needs far less (16 MB: ~140 MB less RSS once used).
    // A new data directory is created first, in a thread of its own (initdb's memory leaves with it):
    // initdb in this process left 140–500 MB behind, the most when given this setting (measured).
    if (!existsSync(join(dir, 'PG_VERSION'))) await createDataDirectory(dir);
    const db = await PGlite.create(dir, { postgresqlconf: ['shared_buffers = 16MB'] });
    // The same migrator as `npm run db:migrate`, run directly on the embedded instance.
    await new Migrator(db, MIGRATIONS_DIR, logger).migrate();
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
    await server.start();
    const embedded = new EmbeddedPostgres(db, server, lock, dir);
    await lock.publish(embedded.connectionString);
    return embedded;
  }

  public get connectionString(): string {
    return `postgresql://postgres@${this.server.getServerConn()}/postgres`;
  }

  public async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    await this.lock.release();
  }
}

/** Runs initdb for `dir` in a worker thread and waits for it to exit. */
async function createDataDirectory(dir: string): Promise<void> {
  const worker = new Worker(compiledWorkerFile(new URL('./embedded-initdb.worker.js', import.meta.url)), {
    workerData: { dir },
  });
  const [code] = (await once(worker, 'exit')) as [number];
  if (code !== 0)
    throw new Error(`embedded PostgreSQL: creating ${dir} failed (initdb thread exited ${code})`);
}
