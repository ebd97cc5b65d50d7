import { randomUUID } from 'node:crypto';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PrismaService } from '#src/infra/database/prisma.service.js';
import { DEFAULT_SETTINGS, type SettingsValues, type UserSettings } from '#src/settings/settings.model.js';
import { SettingsRepository } from '#src/settings/settings.repository.js';

import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

/** The repository on the real PostgreSQL: versions are bumped by the database, atomically. */
describe('SettingsRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let prisma: PrismaService;
  let sql: pg.Client;
  let repository: SettingsRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = new PrismaService(db.url, 20);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    repository = new SettingsRepository(prisma);
  });

  afterAll(async () => {
    await sql?.end();
    await prisma?.$disconnect();
    await db?.drop();
  });

  async function newUser(): Promise<string> {
    const id = randomUUID();
    await sql.query(`INSERT INTO users (id, email, password_hash, updated_at) VALUES ($1, $2, 'x', now())`, [
      id,
      `${id}@example.test`,
    ]);
    return id;
  }

  async function storedRow(userId: string): Promise<{ data: unknown; version: number } | undefined> {
    const { rows } = await sql.query('SELECT data, version FROM user_settings WHERE user_id = $1', [userId]);
    return rows[0];
  }

  it('finds nothing for a user who never saved', async () => {
    expect(await repository.find(await newUser())).toBeNull();
  });

  it('creates version 1 from the defaults, then merges and replaces with the version bumped each time', async () => {
    const user = await newUser();
    const first = await repository.upsert(user, { kind: 'merge', fields: { theme: 'dark' } });
    expect(first).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', version: 1 });
    expect(await storedRow(user)).toEqual({ data: { ...DEFAULT_SETTINGS, theme: 'dark' }, version: 1 });

    const merged = await repository.upsert(user, {
      kind: 'merge',
      fields: { tone: 'academic', disabledRules: ['a', 'b'] },
    });
    expect(merged).toEqual({
      ...DEFAULT_SETTINGS,
      theme: 'dark',
      tone: 'academic',
      disabledRules: ['a', 'b'],
      version: 2,
    });

    const replaced = await repository.upsert(user, {
      kind: 'replace',
      values: { ...DEFAULT_SETTINGS, language: 'en-CA' },
    });
    expect(replaced).toEqual({ ...DEFAULT_SETTINGS, language: 'en-CA', version: 3 });
    expect(await repository.find(user)).toEqual(replaced);
  });

  it('lets exactly one of many concurrent writers holding the same version win', async () => {
    const user = await newUser();
    await repository.upsert(user, { kind: 'merge', fields: { tone: 'formal' } });
    const themes = ['light', 'dark', 'system'] as const;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        repository.updateIfVersionIn(
          user,
          { kind: 'merge', fields: { theme: themes[i % 3], autoLookup: i % 2 === 0 } },
          [1],
        ),
      ),
    );
    const winners = results.filter((r): r is UserSettings => r !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0].version).toBe(2);
    expect(await repository.find(user)).toEqual(winners[0]);
  });

  it('lets exactly one of many concurrent first saves win', async () => {
    const user = await newUser();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        repository.insertIfAbsent(user, { ...DEFAULT_SETTINGS, disabledRules: [`rule${i}`] }),
      ),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect((await storedRow(user))?.version).toBe(1);
  });

  it('loses no field when unconditional PATCHes of different fields race', async () => {
    const user = await newUser();
    const patches: Partial<SettingsValues>[] = [
      { language: 'en-GB' },
      { tone: 'friendly' },
      { correctionMode: 'clarity' },
      { disabledRules: ['SpellCheck'] },
      { autoLookup: false },
      { theme: 'light' },
      { llmEnabled: false },
    ];
    await Promise.all(patches.map((fields) => repository.upsert(user, { kind: 'merge', fields })));
    expect(await repository.find(user)).toEqual({
      language: 'en-GB',
      tone: 'friendly',
      correctionMode: 'clarity',
      disabledRules: ['SpellCheck'],
      autoLookup: false,
      theme: 'light',
      llmEnabled: false,
      version: patches.length,
    });
  });

  it('does not write when the version does not match or no row exists', async () => {
    const user = await newUser();
    expect(
      await repository.updateIfVersionIn(user, { kind: 'merge', fields: { theme: 'dark' } }, [1]),
    ).toBeNull();
    expect(await storedRow(user)).toBeUndefined();
    await repository.upsert(user, { kind: 'merge', fields: { theme: 'dark' } });
    expect(
      await repository.updateIfVersionIn(user, { kind: 'merge', fields: { theme: 'light' } }, [2, 7]),
    ).toBeNull();
    expect(await repository.find(user)).toMatchObject({ theme: 'dark', version: 1 });
    expect(await repository.insertIfAbsent(user, { ...DEFAULT_SETTINGS })).toBeNull();
  });
});
