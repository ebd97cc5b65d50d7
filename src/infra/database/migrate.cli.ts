// `npm run db:migrate` (node dist/infra/database/migrate.cli.js): applies prisma/migrations to
// DATABASE_DIRECT_URL when set, else DATABASE_URL. The migrator holds a session-level advisory lock, which a
// pooler in transaction mode (PgBouncer) cannot keep: behind one, DATABASE_DIRECT_URL names PostgreSQL itself.
import { fileURLToPath } from 'node:url';

import pg from 'pg';

import { MigrationError, Migrator } from './migrator.js';

// Three levels up from both src/infra/database/ and dist/infra/database/ is the repository root.
const MIGRATIONS_DIR = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));

async function main(): Promise<number> {
  const url = process.env['DATABASE_DIRECT_URL'] || process.env['DATABASE_URL'];
  if (!url) {
    process.stderr.write(
      'db:migrate: DATABASE_URL is not set; set it to the PostgreSQL database to migrate.\n',
    );
    return 1;
  }

  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    const name = process.env['DATABASE_DIRECT_URL'] ? 'DATABASE_DIRECT_URL' : 'DATABASE_URL';
    process.stderr.write(`db:migrate: cannot connect to ${name}: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    const logger = {
      log: (message: string) => process.stdout.write(`db:migrate: ${message}\n`),
      warn: (message: string) => process.stderr.write(`db:migrate: warning: ${message}\n`),
    };
    const result = await new Migrator(client, MIGRATIONS_DIR, logger).migrate();
    if (result.applied.length === 0) logger.log('Database schema is up to date.');
    return 0;
  } catch (err) {
    const message = err instanceof MigrationError ? err.message : ((err as Error).stack ?? String(err));
    process.stderr.write(`db:migrate: ${message}\n`);
    return 1;
  } finally {
    await client.end().catch(() => undefined);
  }
}

process.exitCode = await main();
