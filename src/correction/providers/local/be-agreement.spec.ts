import { describe, expect, it } from 'vitest';

import { BE_AGREEMENT_RULE, beAgreementFindings } from './be-agreement.js';

const fixes = (text: string) =>
  beAgreementFindings(text).map(({ offset, original, replacement }) => [
    text.slice(offset, offset + original.length),
    replacement,
  ]);

describe('beAgreementFindings (a form of "be" its sentence’s subject does not take)', () => {
  it.each([
    ['This are a example sentence.', [['are', 'is']]],
    ['These is my book.', [['is', 'are']]],
    ['Those was the days.', [['was', 'were']]],
    ['We is here.', [['is', 'are']]],
    ['I is happy.', [['is', 'am']]],
    ['You is right.', [['is', 'are']]],
    ['It rained. this are the results.', [['are', 'is']]],
    ['He left.\n\n"Those was his words," she said.', [['was', 'were']]],
    ['THESE IS LOUD.', [['IS', 'ARE']]],
  ])('%s', (text, expected) => {
    expect(fixes(text)).toEqual(expected);
  });

  it.each([
    'One of these is broken.',
    'Among those was the mayor.',
    'Saying thank you is polite.',
    'World War I is over.',
    'If this were true, we would know.',
    'This is it, and these are they.',
    'Things that are good last.',
    'We were there; I am here.',
    'Sen. Those is a name.',
    'Thisare typed together.',
  ])('leaves correct English alone: %s', (text) => {
    expect(beAgreementFindings(text)).toEqual([]);
  });

  it('says what the subject takes, and that "these" may be meant', () => {
    const [finding] = beAgreementFindings('This are my friends.');
    expect(finding).toMatchObject({
      offset: 5,
      length: 3,
      original: 'are',
      replacement: 'is',
      kind: 'Agreement',
      rule: BE_AGREEMENT_RULE,
      message: '“This” takes “is”: “This is”, or “These are” for more than one.',
    });
  });
});
