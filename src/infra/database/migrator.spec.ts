import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Migrator, type SqlExecutor } from './migrator.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));

/**
 * The embedded PostgreSQL (PGlite) is migrated by the same Migrator at start-up when DATABASE_URL is
 * unset, so the migrations and the migrator must work there too: PGlite runs scripts through `exec`
 * (its `query` takes one statement only).
 */
describe('Migrator on PGlite', () => {
  let db: PGlite;

  beforeAll(async () => {
    db = await PGlite.create();
  });

  afterAll(async () => {
    await db.close();
  });

  it('applies the migrations once, then reports nothing to do', async () => {
    const all = readdirSync(MIGRATIONS_DIR)
      .filter((name) => /^\d{14}_/.test(name))
      .sort();
    expect(all[0]).toBe('20261123000000_init');
    await expect(new Migrator(db, MIGRATIONS_DIR).migrate()).resolves.toEqual({
      applied: all,
      alreadyApplied: 0,
    });
    await expect(new Migrator(db, MIGRATIONS_DIR).migrate()).resolves.toEqual({
      applied: [],
      alreadyApplied: all.length,
    });

    const { rows } = await db.query<{ email: string }>(
      `INSERT INTO users (id, email, password_hash, updated_at) VALUES (gen_random_uuid(), 'a@b.c', 'x', now()) RETURNING email`,
    );
    expect(rows).toEqual([{ email: 'a@b.c' }]);
  });

  it('migrates without the lock, and says so, where advisory locks are not available', async () => {
    const warnings: string[] = [];
    const noLocks: SqlExecutor = {
      query: (sql, params) =>
        sql.includes('pg_try_advisory_lock')
          ? Promise.reject(new Error('function pg_try_advisory_lock(integer) does not exist'))
          : db.query(sql, params),
      exec: (sql) => db.exec(sql),
    };

    const result = await new Migrator(noLocks, MIGRATIONS_DIR, {
      log: () => undefined,
      warn: (m) => warnings.push(m),
    }).migrate();

    expect(result.applied.length + result.alreadyApplied).toBe(
      readdirSync(MIGRATIONS_DIR).filter((name) => /^\d{14}_/.test(name)).length,
    );
    expect(warnings).toEqual([expect.stringContaining('Advisory locks unavailable')]);
  });
});
