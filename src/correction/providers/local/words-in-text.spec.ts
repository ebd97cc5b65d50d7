import { describe, expect, it } from 'vitest';

import { inCaseOf } from './words-in-text.js';

describe('inCaseOf', () => {
  it.each([
    ['IS', 'are', 'ARE'],
    ['Its', "it's", "It's"],
    ['its', "it's", "it's"],
    ['I', 'me', 'me'],
  ])('%s → %s: %s', (model, word, expected) => {
    expect(inCaseOf(model, word)).toBe(expected);
  });
});
