import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { readDatamodel } from './prisma-dmmf.js';
import { diffFacts, factsFromDatabase, factsFromDatamodel, type SchemaFacts } from './schema-drift.js';

const SCHEMA = fileURLToPath(new URL('../../../prisma/schema.prisma', import.meta.url));

/**
 * The database built by prisma/migrations (the run's template, migrated by our Migrator) must be exactly
 * what schema.prisma describes, as Prisma's own parser reads it: same tables, columns (type, nullability,
 * default), indexes (name, uniqueness, columns, order), foreign keys (columns, target, actions) and enums,
 * compared in both directions.
 */
describe('schema.prisma vs the migrated database', () => {
  let db: TestDatabase;
  let client: pg.Client;
  let tmp: string;
  let actual: SchemaFacts;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    actual = await factsFromDatabase(client);
    tmp = await mkdtemp(path.join(tmpdir(), 'pp-schema-drift-'));
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  /** schema.prisma with one edit, parsed by Prisma. */
  async function editedSchemaFacts(find: string, replaceWith: string): Promise<SchemaFacts> {
    const text = await readFile(SCHEMA, 'utf8');
    expect(text).toContain(find);
    const file = path.join(tmp, `schema-${Date.now()}-${Math.random().toString(36).slice(2)}.prisma`);
    await writeFile(file, text.replace(find, replaceWith));
    return factsFromDatamodel(readDatamodel(file));
  }

  it('has no drift in either direction', () => {
    const expected = factsFromDatamodel(readDatamodel(SCHEMA));

    expect(diffFacts(expected, actual)).toEqual({ missingInDatabase: [], missingInSchema: [] });
    // The comparison really looked at things (a parser returning nothing would also "match").
    expect(expected.tables.size).toBe(10);
    expect(expected.columns).toContain('column users.email: text not null');
    expect(expected.columns).toContain(
      "column dictionary_entries.language: text not null default 'en'::text",
    );
    expect(expected.columns).toContain('column llm_usage.estimated_cost_usd: numeric(12,6) not null');
    expect(expected.indexes).toContain(
      'index sessions.sessions_user_id_revoked_at_idx index btree (user_id, revoked_at)',
    );
    expect(expected.indexes).toContain(
      'index dictionary_entries.dictionary_entries_lookup_count_idx index btree (lookup_count DESC)',
    );
    expect(expected.foreignKeys).toContain(
      'fk refresh_tokens.refresh_tokens_successor_id_fkey (successor_id) -> refresh_tokens (id) on delete SetNull on update Cascade',
    );
    expect(expected.enums).toContain('enum user_role (user, admin)');
  });

  it('reports a field added to the schema without a migration', async () => {
    const expected = await editedSchemaFacts(
      '  @@map("personal_words")',
      '  hits      Int       @default(0)\n\n  @@map("personal_words")',
    );

    expect(diffFacts(expected, actual).missingInDatabase).toEqual([
      'column personal_words.hits: integer not null default 0',
    ]);
  });

  it('reports a schema index that no migration creates', async () => {
    const expected = await editedSchemaFacts(
      '  @@map("llm_results")',
      '  @@index([model])\n  @@map("llm_results")',
    );

    expect(diffFacts(expected, actual).missingInDatabase).toEqual([
      'index llm_results.llm_results_model_idx index btree (model)',
    ]);
  });

  it('reports an index created in SQL that the schema does not declare', async () => {
    await client.query('CREATE INDEX "users_display_name_idx" ON "users" ("display_name")');
    try {
      const drift = diffFacts(factsFromDatamodel(readDatamodel(SCHEMA)), await factsFromDatabase(client));
      expect(drift).toEqual({
        missingInDatabase: [],
        missingInSchema: ['index users.users_display_name_idx index btree (display_name)'],
      });
    } finally {
      await client.query('DROP INDEX "users_display_name_idx"');
    }
  });

  it('reports a changed nullability or referential action', async () => {
    const expected = await editedSchemaFacts(
      'actor User? @relation(fields: [actorId], references: [id], onDelete: SetNull)',
      'actor User? @relation(fields: [actorId], references: [id], onDelete: Cascade)',
    );
    const nullable = await editedSchemaFacts('  ip            String?', '  ip            String');

    expect(diffFacts(expected, actual).missingInDatabase).toEqual([
      'fk admin_audit_log.admin_audit_log_actor_id_fkey (actor_id) -> users (id) on delete Cascade on update Cascade',
    ]);
    expect(diffFacts(nullable, actual).missingInDatabase).toEqual(['column sessions.ip: text not null']);
  });
});

describe('users.email CHECK constraint (not expressible in schema.prisma)', () => {
  let db: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  const insertUser = (email: string) =>
    client.query(
      `INSERT INTO users (id, email, password_hash, updated_at) VALUES (gen_random_uuid(), $1, 'x', now())`,
      [email],
    );

  it('rejects an email that is not lower-case, so the unique index is case-insensitive', async () => {
    await insertUser('ada@example.com');

    await expect(insertUser('Ada@Example.com')).rejects.toMatchObject({
      code: '23514',
      constraint: 'users_email_lower_check',
    });
    await expect(insertUser('ada@example.com')).rejects.toMatchObject({
      code: '23505',
      constraint: 'users_email_key',
    });
  });
});
