import { describe, expect, it } from 'vitest';

import { normaliseWord } from './word-normaliser.js';

const ok = (input: string) => normaliseWord(input);

describe('normaliseWord', () => {
  it.each([
    ['Legion', 'legion'],
    ['  hello \t', 'hello'],
    ['ICE CREAM', 'ice cream'],
    ["rock 'n' roll", "rock 'n' roll"],
    ['don’t', "don't"],
    ["students'", "students'"],
    ['well-known', 'well-known'],
    ['Ça', 'ça'],
    ['cafe\u0301', 'café'], // decomposed input comes out composed (NFC)
    ['Straße', 'straße'],
    ['ΛΌΓΟΣ', 'λόγος'],
    ['хлеб', 'хлеб'],
    ['नमस्ते', 'नमस्ते'], // Devanagari needs its combining marks
    ['x'.repeat(64), 'x'.repeat(64)],
  ])('accepts %j as %j', (input, expected) => {
    expect(ok(input)).toEqual({ ok: true, word: expected });
  });

  it('compares lengths in characters, not UTF-16 units', () => {
    expect(ok('𝒜'.repeat(64))).toMatchObject({ ok: true }); // 128 UTF-16 units
    expect(ok('𝒜'.repeat(65))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('is 65 characters'),
    });
    expect(ok('e\u0301'.repeat(64))).toMatchObject({ ok: true }); // 128 code points before NFC, 64 after
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['x'.repeat(65), 'is 65 characters long; at most 64 are allowed'],
    ['x'.repeat(500), 'is 500 characters long'],
    ['../x', 'contains the character "." (U+002E)'],
    ['%2e%2e%2f', 'contains the character "%" (U+0025)'],
    ['a/b', 'contains the character "/" (U+002F)'],
    ['a?b=1', 'contains the character "?" (U+003F)'],
    ['a\r\nb', 'contains the character U+000D'],
    ['a\tb', 'contains the character U+0009'],
    ['a\u0000b', 'contains the character U+0000'],
    ['h3llo', 'contains the character "3" (U+0033)'],
    ['ice  cream', 'contains consecutive spaces'],
    ["'", 'must contain a letter'],
    ['--', 'must contain a letter'],
    ["ice '", 'each space must sit between two words'],
  ])('refuses %j: %s', (input, reason) => {
    const result = ok(input);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.reason).toContain(reason);
  });
});
