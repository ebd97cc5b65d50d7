import { Logger } from '@nestjs/common';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type DictionaryEntries } from '#src/dictionary/dictionary-entry.js';
import { DictionaryEntryRepository } from '#src/dictionary/dictionary-entry.repository.js';
import { PrismaService } from '#src/infra/database/prisma.service.js';

import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

const entries = (word: string, definition = `meaning of ${word}`): DictionaryEntries => [
  {
    word,
    phonetics: [],
    meanings: [
      {
        partOfSpeech: 'noun',
        definitions: [{ definition, synonyms: [], antonyms: [] }],
        synonyms: [],
        antonyms: [],
      },
    ],
    sourceUrls: [],
  },
];

describe('DictionaryEntryRepository on PostgreSQL', () => {
  let db: TestDatabase;
  let prisma: PrismaService;
  let sql: pg.Client;
  let repo: DictionaryEntryRepository;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    db = await createTestDatabase();
    prisma = new PrismaService(db.url, 2);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    repo = new DictionaryEntryRepository(prisma);
  });
  afterAll(async () => {
    await sql?.end();
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('saves, finds and overwrites one row per word and language', async () => {
    await repo.save('legion', 'en', 'wordnet', entries('legion', 'old'));
    await repo.save('legion', 'en', 'free-dictionary', entries('legion', 'new'));
    expect(await repo.find('legion', 'en')).toMatchObject({
      source: 'free-dictionary',
      entries: entries('legion', 'new'),
    });
    expect(await repo.find('legion', 'fr')).toBeUndefined();
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM dictionary_entries WHERE word = 'legion'`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('ignores a stored payload that is not a list of entries', async () => {
    await sql.query(
      `INSERT INTO dictionary_entries (id, word, language, source, payload) VALUES (gen_random_uuid(), 'garbled', 'en', 'free-dictionary', '{"oops": 1}')`,
    );
    expect(await repo.find('garbled', 'en')).toBeUndefined();
  });

  it('adds buffered lookup counts in one statement and lists the most looked-up words first', async () => {
    for (const w of ['alpha', 'beta', 'gamma']) await repo.save(w, 'en', 'free-dictionary', entries(w));
    await repo.addLookups(
      'en',
      new Map([
        ['alpha', 2],
        ['beta', 7],
        ['gamma', 1],
        ['never-stored', 5],
      ]),
    );
    await repo.addLookups('en', new Map([['gamma', 3]]));
    expect(await repo.lookupCount('beta', 'en')).toBe(7);
    expect(await repo.lookupCount('gamma', 'en')).toBe(4);
    expect(await repo.lookupCount('never-stored', 'en')).toBeUndefined();
    expect((await repo.mostLookedUp('en', 3)).map((e) => e.word)).toEqual(['beta', 'gamma', 'alpha']);
  });

  it('deletes and says whether there was a row', async () => {
    await repo.save('gone', 'en', 'gemini', entries('gone'));
    expect(await repo.delete('gone', 'en')).toBe(true);
    expect(await repo.delete('gone', 'en')).toBe(false);
    expect(await repo.find('gone', 'en')).toBeUndefined();
  });
});
