import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { databaseUrl, dropDatabase, uniqueName, withAdminClient } from '../../helpers/postgres.js';

const run = promisify(execFile);
const MIGRATIONS = readdirSync(new URL('../../../prisma/migrations/', import.meta.url), {
  withFileTypes: true,
}).filter((e) => e.isDirectory()).length;
const CLI = fileURLToPath(new URL('../../../dist/infra/database/migrate.cli.js', import.meta.url));
/** PgBouncer in transaction mode, started by scripts/ensure-services.sh. */
const POOLER = 'postgresql://postgres@127.0.0.1:6432';

/** `npm run db:migrate` behind PgBouncer: the app's URL is the pooler's, the migrator's lock needs PostgreSQL. */
describe('db:migrate with DATABASE_URL behind PgBouncer', () => {
  const name = uniqueName('pp_t');
  const viaPooler = `${POOLER}/${name}`;

  beforeAll(() => withAdminClient((c) => c.query(`CREATE DATABASE "${name}"`)));
  afterAll(() => dropDatabase(name));

  it('migrates over DATABASE_DIRECT_URL, and the app-side URL through the pooler then sees the schema', async () => {
    const { stdout } = await run(process.execPath, [CLI], {
      env: { PATH: process.env.PATH, DATABASE_URL: viaPooler, DATABASE_DIRECT_URL: databaseUrl(name) },
    });
    expect(stdout).toMatch(/Applied migration/);

    const client = new pg.Client({ connectionString: viaPooler });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL',
      );
      expect(rows[0]!.n).toBe(MIGRATIONS);
      // A transaction with a row lock (what refresh rotation does) works through the pooler.
      await client.query('BEGIN');
      await client.query('SELECT 1 FROM _prisma_migrations LIMIT 1 FOR UPDATE');
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
  });
});
