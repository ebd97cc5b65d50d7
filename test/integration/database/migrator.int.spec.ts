import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { appendFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  FailedMigrationError,
  MigrationChecksumMismatchError,
  MigrationError,
  Migrator,
} from '#src/infra/database/migrator.js';

import { databaseUrl, dropDatabase, uniqueName, withAdminClient } from '../../helpers/postgres.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));
const INIT = '20261123000000_init';
/** Every migration of the repository, in the order they apply. */
const ALL = readdirSync(MIGRATIONS_DIR)
  .filter((name) => /^\d{14}_/.test(name))
  .sort();

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

describe('Migrator on a real PostgreSQL', () => {
  const databases: string[] = [];
  const clients: pg.Client[] = [];
  let tmp: string;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'pp-migrator-'));
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end()));
    await Promise.all(databases.splice(0).map((name) => dropDatabase(name)));
  });

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  /** A brand-new empty database of this test's own, and a connection to it. */
  async function freshDatabase(): Promise<{ name: string; connect(): Promise<pg.Client> }> {
    const name = uniqueName('pp_t');
    await withAdminClient((admin) => admin.query(`CREATE DATABASE "${name}"`));
    databases.push(name);
    return {
      name,
      connect: async () => {
        const client = new pg.Client({ connectionString: databaseUrl(name) });
        await client.connect();
        clients.push(client);
        return client;
      },
    };
  }

  /** A copy of prisma/migrations that a test may edit. */
  async function copyOfMigrations(): Promise<string> {
    const dir = await mkdtemp(path.join(tmp, 'migrations-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    return dir;
  }

  async function rowsOf(client: pg.Client): Promise<MigrationRow[]> {
    const { rows } = await client.query<MigrationRow>(
      'SELECT * FROM "_prisma_migrations" ORDER BY started_at, id',
    );
    return rows;
  }

  it('applies every migration to an empty database, then a second run does nothing', async () => {
    const client = await (await freshDatabase()).connect();
    const messages: string[] = [];
    const logger = { log: (m: string) => messages.push(m), warn: (m: string) => messages.push(`WARN ${m}`) };

    const first = await new Migrator(client, MIGRATIONS_DIR, logger).migrate();
    const rowsAfterFirst = await rowsOf(client);
    const second = await new Migrator(client, MIGRATIONS_DIR, logger).migrate();

    expect(first).toEqual({ applied: ALL, alreadyApplied: 0 });
    expect(second).toEqual({ applied: [], alreadyApplied: ALL.length });
    expect(messages.at(-1)).toBe(`Migrations: 0 applied, ${ALL.length} already applied.`);
    expect(await rowsOf(client)).toEqual(rowsAfterFirst);
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(rows[0]!.n).toBe(11); // ten tables of the schema + _prisma_migrations
  });

  it('keeps _prisma_migrations exactly as Prisma does (table shape and rows)', async () => {
    const client = await (await freshDatabase()).connect();

    await new Migrator(client, MIGRATIONS_DIR).migrate();

    const { rows: columns } = await client.query(
      `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', character_maximum_length: 36, is_nullable: 'NO', column_default: null },
      { column_name: 'checksum', data_type: 'character varying', character_maximum_length: 64, is_nullable: 'NO', column_default: null },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', character_maximum_length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'migration_name', data_type: 'character varying', character_maximum_length: 255, is_nullable: 'NO', column_default: null },
      { column_name: 'logs', data_type: 'text', character_maximum_length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', character_maximum_length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'started_at', data_type: 'timestamp with time zone', character_maximum_length: null, is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'applied_steps_count', data_type: 'integer', character_maximum_length: null, is_nullable: 'NO', column_default: '0' },
    ]); // prettier-ignore

    const file = await readFile(path.join(MIGRATIONS_DIR, INIT, 'migration.sql'));
    const [row, ...others] = await rowsOf(client);
    expect(others.map((r) => r.migration_name)).toEqual(ALL.slice(1));
    expect(row).toMatchObject({
      migration_name: INIT,
      checksum: createHash('sha256').update(file).digest('hex'),
      logs: null,
      rolled_back_at: null,
      applied_steps_count: 1,
    });
    expect(row!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row!.finished_at).toBeInstanceOf(Date);
    expect(row!.finished_at!.getTime()).toBeGreaterThanOrEqual(row!.started_at.getTime());
  });

  it('refuses to run when an applied migration was edited afterwards, and changes nothing', async () => {
    const client = await (await freshDatabase()).connect();
    const dir = await copyOfMigrations();
    await new Migrator(client, dir).migrate();
    const before = await rowsOf(client);

    await appendFile(
      path.join(dir, INIT, 'migration.sql'),
      '\nCREATE INDEX "users_display_name_idx" ON "users"("display_name");\n',
    );
    const error = await new Migrator(client, dir).migrate().catch((err: unknown) => err);

    expect(error).toBeInstanceOf(MigrationChecksumMismatchError);
    expect((error as Error).message).toContain(`Migration ${INIT} was changed after it was applied`);
    expect(await rowsOf(client)).toEqual(before);
    const { rows } = await client.query(
      `SELECT 1 FROM pg_indexes WHERE indexname = 'users_display_name_idx'`,
    );
    expect(rows).toEqual([]);
  });

  it('accepts an applied migration whose only change is its line endings (git autocrlf)', async () => {
    const client = await (await freshDatabase()).connect();
    const dir = await copyOfMigrations();
    await new Migrator(client, dir).migrate();
    const file = path.join(dir, INIT, 'migration.sql');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/\n/g, '\r\n'));

    await expect(new Migrator(client, dir).migrate()).resolves.toEqual({
      applied: [],
      alreadyApplied: ALL.length,
    });
  });

  it('refuses to run while a migration is recorded as failed and not rolled back', async () => {
    const client = await (await freshDatabase()).connect();
    await new Migrator(client, MIGRATIONS_DIR).migrate();
    // What `prisma migrate deploy` leaves behind when a migration breaks half-way.
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count)
       VALUES ('0f4c4f2e-4a54-4c4e-9a38-0c1f8d2b9e11', $1, '20261124000000_half_done', 'relation "x" does not exist', now(), 0)`,
      ['0'.repeat(64)],
    );

    const error = await new Migrator(client, MIGRATIONS_DIR).migrate().catch((err: unknown) => err);

    expect(error).toBeInstanceOf(FailedMigrationError);
    expect((error as Error).message).toContain('20261124000000_half_done');
    expect((error as Error).message).toContain('relation "x" does not exist');
  });

  it('rolls a failing migration back completely and applies it once the file is fixed', async () => {
    const client = await (await freshDatabase()).connect();
    const dir = await copyOfMigrations();
    const name = '20261124000000_add_notes';
    await mkdir(path.join(dir, name));
    const sql = path.join(dir, name, 'migration.sql');
    await writeFile(sql, 'CREATE TABLE "notes" ("id" UUID PRIMARY KEY);\nSELECT 1 / 0;\n');

    const error = await new Migrator(client, dir).migrate().catch((err: unknown) => err);

    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toContain(
      `Migration ${name} failed and was rolled back: division by zero`,
    );
    expect((await client.query(`SELECT to_regclass('notes') AS t`)).rows[0].t).toBeNull();
    const failed = (await rowsOf(client)).find((r) => r.migration_name === name);
    expect(failed).toMatchObject({ finished_at: null, applied_steps_count: 0, logs: 'division by zero' });
    expect(failed!.rolled_back_at).toBeInstanceOf(Date);

    await writeFile(sql, 'CREATE TABLE "notes" ("id" UUID PRIMARY KEY);\n');
    // The failure stopped the run: what sorts after the broken migration is applied with it now.
    await expect(new Migrator(client, dir).migrate()).resolves.toEqual({
      applied: [name, ...ALL.filter((m) => m > name)],
      alreadyApplied: ALL.filter((m) => m < name).length,
    });
    expect((await client.query(`SELECT to_regclass('notes') AS t`)).rows[0].t).toBe('notes');
  });

  it('lets only one of two instances started together apply the migrations', async () => {
    const db = await freshDatabase();
    const [a, b] = await Promise.all([db.connect(), db.connect()]);

    const results = await Promise.all([
      new Migrator(a, MIGRATIONS_DIR).migrate(),
      new Migrator(b, MIGRATIONS_DIR).migrate(),
    ]);

    expect(results.map((r) => r.applied.length).sort()).toEqual([0, ALL.length]);
    expect(results.map((r) => r.alreadyApplied).sort()).toEqual([0, ALL.length]);
    expect(await rowsOf(a)).toHaveLength(ALL.length);
  });

  it('gives up with a clear error when another session holds the lock for too long', async () => {
    const db = await freshDatabase();
    const [holder, waiter] = await Promise.all([db.connect(), db.connect()]);
    await holder.query('SELECT pg_advisory_lock(72707369)');

    const error = await new Migrator(waiter, MIGRATIONS_DIR, undefined, { lockTimeoutMs: 300 })
      .migrate()
      .catch((err: unknown) => err);

    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(/Timed out after 300 ms waiting for the migration lock/);
    expect((await waiter.query(`SELECT to_regclass('_prisma_migrations') AS t`)).rows[0].t).toBeNull();
  });
});
