import { describe, expect, it } from 'vitest';

import { dictionaryEntrySchema } from '#src/dictionary/dictionary-entry.js';

import { toDictionaryEntry, WORDNET_LICENSE } from './wordnet-entry.mapper.js';
import { type WordNetSynset } from './wordnet-format.js';

function synset(overrides: Partial<WordNetSynset>): WordNetSynset {
  return { offset: 1, file: 'noun', words: ['legion'], pointers: [], gloss: 'a large number', ...overrides };
}

describe('toDictionaryEntry', () => {
  const entry = toDictionaryEntry('legion', [
    { synset: synset({ words: ['host', 'legion'], gloss: 'archaic terms for army' }), antonyms: [] },
    { synset: synset({ gloss: 'association of ex-servicemen; "the American Legion"' }), antonyms: [] },
    {
      synset: synset({
        file: 'adj',
        words: ['numerous', 'legion'],
        gloss: 'amounting to a large indefinite number; "numerous times"; "Palomar\'s fans are legion"',
      }),
      antonyms: ['few'],
    },
  ]);

  it('has the Free Dictionary shape, without phonetics, and says where it comes from', () => {
    expect(dictionaryEntrySchema.strict().safeParse(entry).success).toBe(true);
    expect(entry).toMatchObject({
      word: 'legion',
      phonetics: [],
      license: WORDNET_LICENSE,
      sourceUrls: ['https://wordnet.princeton.edu/'],
    });
    expect(entry).not.toHaveProperty('phonetic');
  });

  it('groups senses into one meaning per part of speech, nouns first', () => {
    expect(entry.meanings.map((m) => m.partOfSpeech)).toEqual(['noun', 'adjective']);
    expect(entry.meanings[0].definitions.map((d) => d.definition)).toEqual([
      'archaic terms for army',
      'association of ex-servicemen',
    ]);
  });

  it('takes an example that uses the word, the other synset words as synonyms, and the antonyms', () => {
    expect(entry.meanings[1]).toEqual({
      partOfSpeech: 'adjective',
      definitions: [
        {
          definition: 'amounting to a large indefinite number',
          example: "Palomar's fans are legion",
          synonyms: ['numerous'],
          antonyms: ['few'],
        },
      ],
      synonyms: ['numerous'],
      antonyms: ['few'],
    });
    expect(entry.meanings[0].definitions[0]).toEqual({
      definition: 'archaic terms for army',
      synonyms: ['host'],
      antonyms: [],
    });
    expect(entry.meanings[0].definitions[1].example).toBe('the American Legion');
    expect(entry.meanings[0].synonyms).toEqual(['host']);
  });
});
