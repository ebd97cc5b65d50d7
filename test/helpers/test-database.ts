import { inject } from 'vitest';

import { databaseUrl, dropDatabase, uniqueName, withAdminClient } from './postgres.js';

export interface TestDatabase {
  name: string;
  /** What the app connects to: through PgBouncer in the `pgbouncer` project, else PostgreSQL itself. */
  url: string;
  /** PostgreSQL itself, bypassing any pooler (what DATABASE_DIRECT_URL names). */
  directUrl: string;
  drop(): Promise<void>;
}

/**
 * The `pgbouncer` Vitest project sets this to PgBouncer's address (transaction pooling, in front of the same
 * PostgreSQL): every suite of that project then talks to its database through the pooler.
 */
const POOLER_URL = process.env.TEST_DATABASE_POOLER_URL;

/** A fresh, migrated database of this test file's own, cloned from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = uniqueName('pp_t');
  const template = inject('templateDatabase');
  await withAdminClient((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const directUrl = databaseUrl(name);
  const url = POOLER_URL
    ? Object.assign(new URL(POOLER_URL), { pathname: `/${name}` }).toString()
    : directUrl;
  return { name, url, directUrl, drop: () => dropDatabase(name) };
}
