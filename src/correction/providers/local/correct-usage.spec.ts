import { describe, expect, it } from 'vitest';

import { followsAbbreviation, isAbbreviation, isCorrectUsage, isInDottedName } from './correct-usage.js';
import type { LocalFinding } from './harper-linter.js';

const finding = (rule: string, text: string, original: string, replacement = ''): LocalFinding => ({
  offset: text.indexOf(original),
  length: original.length,
  original,
  replacement,
  message: '',
  kind: 'Style',
  rule,
  alternatives: [],
});

describe('isCorrectUsage (Harper findings on correct English, from the Brown corpus)', () => {
  it.each([
    [
      'OrthographicConsistency',
      'House Speaker Sam Rayburn spoke.',
      'Sam',
      'SAM',
      'a name written as names are',
    ],
    ['OrthographicConsistency', "Who's there?", "Who's", "who's", 'a contraction opening a sentence'],
    [
      'OrthographicConsistency',
      'Who\u2019s there?',
      'Who\u2019s',
      "who's",
      'the same, typographic apostrophe',
    ],
    [
      'MergeWords',
      'The bill, by Sen. A. M. Aikin, passed.',
      'A. M.',
      'A.M.',
      'initials are not a split word',
    ],
    [
      'SentenceCapitalization',
      'By A. M. Aikin Jr. of Paris.',
      'of',
      'Of',
      'a word after "Jr." starts no sentence',
    ],
    ['RepeatedWords', 'Scotty had had little appetite.', 'had had', 'had', 'the past perfect of "have"'],
    [
      'RedundantThat',
      'He was sure that that would fail.',
      'that that',
      'that',
      'a conjunction and a pronoun',
    ],
    ['Overall', 'There the objective sat, brooding over all.', 'over all', 'overall', 'a clause ends there'],
    [
      'PronounVerbAgreement',
      'He further proposed grants of an unspecified sum.',
      'further',
      'furthers',
      '"further" as an adverb',
    ],
    [
      'PronounVerbAgreement',
      'He prayed lest he stray from the path.',
      'stray',
      'strays',
      'a subjunctive after "lest"',
    ],
    ['AnA', 'A unanimous vote carried the motion.', 'A', 'An', '"unanimous" starts with a "you"'],
    ['AnA', 'He studied at Texas A & I College.', 'A', 'An', 'a letter of a name, not the article'],
    [
      'WorthToDo',
      'Cities like Dallas and Fort Worth to cover up places.',
      'to cover',
      'covering',
      '"Worth" inside a sentence is a name',
    ],
    [
      'MergeWords',
      'Thailand and South Viet Nam.',
      'Viet Nam',
      'VietNam',
      'WordNet lists the phrase as two words',
    ],
    ['PronounKnew', 'Science has given us new tools.', 'new', 'knew', 'no subject before it: an adjective'],
    [
      'PronounKnew',
      'A fund under which new bonds would be issued.',
      'new',
      'knew',
      '"which" after a preposition is no subject',
    ],
    [
      'OneOfTheSingular',
      'One of the regular pitchers was ill.',
      'regular',
      'regulars',
      'an adjective before the plural noun',
    ],
    [
      'PronounInflectionBe',
      'Their cooperation with us was essential.',
      'was',
      'were',
      '"us" is the object of "with", not the subject',
    ],
    ['There', 'It led to the re-establishment of order.', 'the re', 'there', 'a prefix before its hyphen'],
    [
      'WrongNegative',
      'How many nonstops are there to Dallas?',
      'nonstops',
      'unstops',
      'a word WordNet defines',
    ],
  ])('%s on %j is left alone: %s', (rule, text, original, replacement) => {
    expect(isCorrectUsage(finding(rule, text, original, replacement), text)).toBe(true);
  });

  it.each([
    ['OrthographicConsistency', 'I pushed it to github today.', 'github', 'GitHub'],
    ['SentenceCapitalization', 'It rained. then it stopped.', 'then', 'Then'],
    ['RepeatedWords', 'It was the the best day.', 'the the', 'the'],
    ['MergeWords', 'We went to gether.', 'to gether', 'together'],
    ['Overall', 'The over all cost was high.', 'over all', 'overall'],
    ['PronounVerbAgreement', 'He further the cause of peace.', 'further', 'furthers'],
    ['PronounVerbAgreement', 'She like apples.', 'like', 'likes'],
    ['AnA', 'A apple fell.', 'A', 'An'],
    ['AnA', 'A unripe pear fell.', 'A', 'An'],
    ['WorthToDo', 'It is worth to try.', 'to try', 'trying'],
    ['PronounKnew', 'I new it all along.', 'new', 'knew'],
    ['PronounInflectionBe', 'We was innocent.', 'was', 'were'],
    ['OneOfTheSingular', 'One of the player was ill.', 'player', 'players'],
    ['There', 'I left it the re for you.', 'the re', 'there'],
    ['WrongNegative', 'Such rudeness is unexcusable.', 'unexcusable', 'inexcusable'],
  ])('%s on %j is still flagged', (rule, text, original, replacement) => {
    expect(isCorrectUsage(finding(rule, text, original, replacement), text)).toBe(false);
  });

  it('knows a title with its full stop where it stands, and the same letters without one', () => {
    expect(isAbbreviation('Sen. Aikin spoke.', 0, 3)).toBe(true);
    expect(isAbbreviation('They met Gov. Meyner.', 9, 3)).toBe(true);
    expect(isAbbreviation('Sen Aikin spoke.', 0, 3)).toBe(false);
  });

  it('knows the abbreviations a sentence does not end with, and a real full stop', () => {
    expect(followsAbbreviation('Henry L. Bowden', 'Henry L. '.length)).toBe(true);
    expect(followsAbbreviation('Gov. Meyner', 'Gov. '.length)).toBe(true);
    expect(followsAbbreviation('637 E. Pelham Rd. Apt', '637 E. Pelham Rd. '.length)).toBe(true);
    expect(followsAbbreviation('It ended. Then', 'It ended. '.length)).toBe(false);
  });
});

describe('isInDottedName (files, domains, packages: no rule of prose applies)', () => {
  const inside = (text: string, part: string) => isInDottedName(text, text.indexOf(part), part.length);

  it.each([
    ['Edit package.json today.', 'json'],
    ['Run app.tsx again.', 'tsx'],
    ['Check foo.bar.baz now.', 'bar'],
    ['Visit docs.example.com now.', 'docs'],
  ])('%s: %s', (text, part) => {
    expect(inside(text, part)).toBe(true);
  });

  it.each([
    ['It ended. Then it rained.', 'Then'],
    ['The file is ready.', 'ready'],
    ['Version 3.2 is teh latest.', 'teh'],
  ])('%s: %s is prose', (text, part) => {
    expect(inside(text, part)).toBe(false);
  });

  it('drops any rule’s finding there ("json" taken for "Jason")', () => {
    const text = 'Edit package.json today.';
    expect(
      isCorrectUsage(
        {
          offset: text.indexOf('json'),
          length: 4,
          original: 'json',
          replacement: 'Jason',
          message: '',
          kind: 'Spelling',
          rule: 'SpellCheck',
          alternatives: [],
        },
        text,
      ),
    ).toBe(true);
  });
});
