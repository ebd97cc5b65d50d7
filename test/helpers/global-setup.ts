import { fileURLToPath } from 'node:url';

import pg from 'pg';
import type { TestProject } from 'vitest/node';

import { Migrator } from '../../src/infra/database/migrator.js';
import { databaseUrl, dropDatabase, uniqueName, withAdminClient } from './postgres.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/**
 * Migrates one template database per run; every test file clones it (CREATE DATABASE … TEMPLATE),
 * which takes milliseconds and isolates files from each other.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = uniqueName('pp_tpl');
  await withAdminClient(async (admin) => {
    // Leftovers of runs that were killed before their teardown.
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname ~ '^pp_(tpl|t)_' AND datname < $1`,
      [`pp_t_${(Date.now() - 6 * 3600_000).toString(36)}`],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${template}"`);
  });
  const client = new pg.Client({ connectionString: databaseUrl(template) });
  await client.connect();
  try {
    await new Migrator(client, MIGRATIONS_DIR).migrate();
  } finally {
    await client.end();
  }
  project.provide('templateDatabase', template);
  return () => dropDatabase(template);
}
