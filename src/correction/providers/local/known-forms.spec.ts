import { describe, expect, it } from 'vitest';

import { isAffixed, isKnownForm } from './known-forms.js';

describe('isKnownForm (words a word list does not spell out)', () => {
  /** What WordNet lists as nouns: "again" is an adverb only, "beaming" is not listed as a noun. */
  const nouns = new Set([
    'respiration',
    'approach',
    'dollar',
    'stop',
    'potato',
    'knife',
    'lady',
    'quiz',
    'bus',
  ]);
  const dictionary = new Set([...nouns, 'someone', 'lazy', 'again', 'beaming', 'red']);

  it.each([
    ['respirations', 'a regular plural of a dictionary word'],
    ['approaches', '"-es" after a sibilant'],
    ['nondollar', 'a prefix written closed'],
    ['nonstops', 'a prefix on a plural'],
    ["someone'll", 'a word with "will" contracted'],
    ['laziness', '"-ness" with the "y" turned "i"'],
    ['beamings', 'the plural of an "-ing" noun, whatever WordNet lists'],
  ])('%s is a word: %s', (word) => {
    expect(isKnownForm(word, dictionary, nouns)).toBe(true);
  });

  it.each([
    ['approachs', 'a sibilant takes "-es"'],
    ['potatos', 'an "-o" plural is one writers get wrong'],
    ['knifes', 'an "-f" plural is one writers get wrong'],
    ['ladys', 'a consonant + y becomes "-ies"'],
    ['quizes', 'a word of one syllable ending in one "z" doubles it ("quizzes")'],
    ['nonstp', 'a prefix makes no word of a misspelling'],
    ['lazyness', 'English turns a final consonant + "y" into "i" before "-ness" ("laziness")'],
    ['busness', '"-ness" on a three-letter stem: "business" with a letter left out, not "bus" + "ness"'],
    ['agains', 'a plural needs a noun: "again" is none'],
    ['reds', 'nor is "red", as far as the nouns given say'],
  ])('%s is not: %s', (word) => {
    expect(isKnownForm(word, dictionary, nouns)).toBe(false);
  });

  it('without a list of nouns, takes every dictionary word for one', () => {
    expect(isKnownForm('reds', dictionary)).toBe(true);
  });
});

describe('isAffixed (a word an affix rule made from a known one)', () => {
  const known = new Set(['lint', 'serialize', 'trusted', 'embed', 'pipeline', 'infer']);
  const isWord = (stem: string) => known.has(stem);

  it.each([
    ['linting', 'an ending'],
    ['serializer', 'an ending after a silent "e"'],
    ['pipelined', '"-d" after a silent "e"'],
    ['embedder', 'a final consonant doubled'],
    ['untrusted', 'a prefix'],
  ])('%s: %s', (word) => {
    expect(isAffixed(word, isWord)).toBe(true);
  });

  it('is no word made from nothing known, nor from a stem shorter than three letters', () => {
    expect(isAffixed('polysaccaride', isWord)).toBe(false);
    expect(isAffixed('repo', isWord)).toBe(false);
    expect(isAffixed('ins', (stem) => stem === 'in')).toBe(false);
  });
});
