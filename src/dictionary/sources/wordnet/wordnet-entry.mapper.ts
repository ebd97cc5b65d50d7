import {
  type DictionaryDefinition,
  type DictionaryEntry,
  type DictionaryMeaning,
} from '#src/dictionary/dictionary-entry.js';

import { splitGloss, type WordNetFile, type WordNetSynset } from './wordnet-format.js';

export const WORDNET_LICENSE = {
  name: 'WordNet 3.1 License',
  url: 'https://wordnet.princeton.edu/license-and-commercial-use',
};
export const WORDNET_SOURCE_URL = 'https://wordnet.princeton.edu/';

const PART_OF_SPEECH: Record<WordNetFile, string> = {
  noun: 'noun',
  verb: 'verb',
  adj: 'adjective',
  adv: 'adverb',
};

/** One sense of the word: a synset it belongs to, and the antonyms WordNet links from the word in it. */
export interface WordNetSense {
  synset: WordNetSynset;
  antonyms: string[];
}

/**
 * Maps the senses of one lemma to a Free Dictionary entry: one meaning per part of speech (noun, verb,
 * adjective, adverb, in WordNet's sense-frequency order within each), a definition per synset with its
 * first example (preferring one that uses the word) and the synset's other words as synonyms.
 * WordNet has no pronunciations: `phonetics` is empty and `phonetic` absent.
 */
export function toDictionaryEntry(word: string, senses: readonly WordNetSense[]): DictionaryEntry {
  const meanings: DictionaryMeaning[] = [];
  for (const file of Object.keys(PART_OF_SPEECH) as WordNetFile[]) {
    const definitions = senses.filter((s) => s.synset.file === file).map((s) => toDefinition(word, s));
    const usable = definitions.filter((d) => d.definition.length > 0);
    if (usable.length === 0) continue;
    meanings.push({
      partOfSpeech: PART_OF_SPEECH[file],
      definitions: usable,
      synonyms: unique(usable.flatMap((d) => d.synonyms)),
      antonyms: unique(usable.flatMap((d) => d.antonyms)),
    });
  }
  return { word, phonetics: [], meanings, license: WORDNET_LICENSE, sourceUrls: [WORDNET_SOURCE_URL] };
}

function toDefinition(word: string, { synset, antonyms }: WordNetSense): DictionaryDefinition {
  const { definition, examples } = splitGloss(synset.gloss);
  const lower = word.toLowerCase();
  const example = examples.find((e) => e.toLowerCase().includes(lower)) ?? examples[0];
  const synonyms = unique(synset.words.filter((w) => w.toLowerCase() !== lower));
  return { definition, ...(example ? { example } : {}), synonyms, antonyms: unique(antonyms) };
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
