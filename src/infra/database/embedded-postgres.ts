import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

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
    public readonly dataDir: string,
  ) {}

  public static async start(dataDir: string, logger?: MigratorLogger): Promise<EmbeddedPostgres> {
    const dir = resolve(dataDir, 'postgres');
    await mkdir(dir, { recursive: true });
    const db = await PGlite.create(dir);
    // The same migrator as `npm run db:migrate`, run directly on the embedded instance.
    await new Migrator(db, MIGRATIONS_DIR, logger).migrate();
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
    await server.start();
    return new EmbeddedPostgres(db, server, dir);
  }

  public get connectionString(): string {
    return `postgresql://postgres@${this.server.getServerConn()}/postgres`;
  }

  public async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}
