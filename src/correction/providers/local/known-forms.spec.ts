import { describe, expect, it } from 'vitest';

import { isKnownForm } from './known-forms.js';

describe('isKnownForm (words a word list does not spell out)', () => {
  const dictionary = new Set([
    'respiration',
    'approach',
    'dollar',
    'stop',
    'potato',
    'knife',
    'lady',
    'quiz',
    'someone',
  ]);

  it.each([
    ['respirations', 'a regular plural of a dictionary word'],
    ['approaches', '"-es" after a sibilant'],
    ['nondollar', 'a prefix written closed'],
    ['nonstops', 'a prefix on a plural'],
    ["someone'll", 'a word with "will" contracted'],
  ])('%s is a word: %s', (word) => {
    expect(isKnownForm(word, dictionary)).toBe(true);
  });

  it.each([
    ['approachs', 'a sibilant takes "-es"'],
    ['potatos', 'an "-o" plural is one writers get wrong'],
    ['knifes', 'an "-f" plural is one writers get wrong'],
    ['ladys', 'a consonant + y becomes "-ies"'],
    ['nonstp', 'a prefix makes no word of a misspelling'],
  ])('%s is not: %s', (word) => {
    expect(isKnownForm(word, dictionary)).toBe(false);
  });
});
