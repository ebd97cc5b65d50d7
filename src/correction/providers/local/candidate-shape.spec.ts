import { describe, expect, it } from 'vitest';

import { bitCount, endsAlike, fitsLength, keepsFirstLetter, withoutStutter } from './candidate-shape.js';

describe('candidate shape (which candidates the ranker reads, and the ending bonus)', () => {
  it('allows up to three letters more and two fewer than the typed word', () => {
    expect(fitsLength('sucesfuly', 'successfully')).toBe(true);
    expect(fitsLength('abc', 'abcdefg')).toBe(false);
    expect(fitsLength('abcdef', 'abc')).toBe(false);
  });

  it('keeps the first letter, or the first two swapped', () => {
    expect(keepsFirstLetter('mortage', 'mortgage')).toBe(true);
    expect(keepsFirstLetter('omre', 'more')).toBe(true);
    expect(keepsFirstLetter('ommited', 'limited')).toBe(false);
  });

  it('takes a syllable typed twice out, never a doubled pair of letters', () => {
    expect([...withoutStutter('suburburban')]).toEqual(['suburban']);
    expect([...withoutStutter('beginning')]).toEqual([]);
  });

  it('reads the ending meant: the same, its last two swapped, or a silent "e" left out, never one added', () => {
    expect(endsAlike('approachs', 'approaches')).toBe(true);
    expect(endsAlike('soem', 'some')).toBe(true);
    expect(endsAlike('troup', 'troupe')).toBe(true);
    expect(endsAlike('wille', 'wile')).toBe(false);
    expect(endsAlike('eror', 'errand')).toBe(false);
  });

  it('counts the set bits of a 32-bit letter mask', () => {
    expect([0, 1, 0b1011, 0xffffffff, 0x80000000].map(bitCount)).toEqual([0, 1, 3, 32, 1]);
  });
});
