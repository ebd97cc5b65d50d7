// Fills `dictionary_entries` (the PostgreSQL layer under Redis) with synthetic words, as a long-running
// deployment would have it: every word already answered by the Free Dictionary API once. Rows are what
// the app itself stores — the fake's entry for the word, validated by the app's own schema.
import type pg from 'pg';

import { dictionaryEntriesSchema } from '#src/dictionary/dictionary-entry.js';

import { generateWord } from '../../test/fakes/free-dictionary.server.js';

const BATCH = 1_000;

export async function seedDictionary(db: pg.Client, words: readonly string[]): Promise<void> {
  for (let i = 0; i < words.length; i += BATCH) {
    const batch = words.slice(i, i + BATCH);
    const payloads = batch.map((word) => JSON.stringify(dictionaryEntriesSchema.parse(generateWord(word))));
    await db.query(
      `INSERT INTO dictionary_entries (id, word, language, source, payload, fetched_at)
       SELECT gen_random_uuid(), w, 'en', 'free-dictionary', p::jsonb, now()
         FROM unnest($1::text[], $2::text[]) AS t(w, p)
       ON CONFLICT (word, language) DO NOTHING`,
      [batch, payloads],
    );
  }
}
