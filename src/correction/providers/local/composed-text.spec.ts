import { describe, expect, it } from 'vitest';

import type { TextEdit } from '#src/correction/edits/text-edit.js';

import { ComposedText } from './composed-text.js';

const edit = (offset: number, length: number, original: string, replacement: string): TextEdit => ({
  offset,
  length,
  original,
  replacement,
  message: '',
  category: 'spelling',
});

describe('ComposedText: what the checker reads, and the way back to what the writer wrote', () => {
  it('reads decomposed accents composed, so "nai\\u0308ve" is one word', () => {
    expect(ComposedText.of('Her re\u0301sume\u0301 was nai\u0308ve.').text).toBe('Her résumé was naïve.');
  });

  it('places an edit of the composed text over the written characters, combining marks included', () => {
    const written = 'A nai\u0308ve cafe\u0301 teh end.';
    const composed = ComposedText.of(written);
    expect(composed.text).toBe('A naïve café teh end.');
    // "teh" sits after two composed accents: two units earlier in the composed text.
    expect(composed.toOriginal(edit(13, 3, 'teh', 'the'))).toEqual(edit(15, 3, 'teh', 'the'));
    // An edit of an accented word covers its marks, and names it as written.
    expect(composed.toOriginal(edit(2, 5, 'naïve', 'naive'))).toEqual(edit(2, 6, 'nai\u0308ve', 'naive'));
    // An insertion at the very end stays at the end.
    expect(composed.toOriginal(edit(21, 0, '', '!'))).toEqual(edit(written.length, 0, '', '!'));
  });

  it('leaves text without combining marks, and its edits, as they are', () => {
    const composed = ComposedText.of('Plain text, naïve already composed 😀.');
    expect(composed.text).toBe('Plain text, naïve already composed 😀.');
    const found = edit(0, 5, 'Plain', 'Plane');
    expect(composed.toOriginal(found)).toBe(found);
  });

  it('keeps a mark with nothing before it, and characters outside the Basic Multilingual Plane, in place', () => {
    const written = '\u0301😀 x\u0301y';
    const composed = ComposedText.of(written);
    expect(composed.text).toBe('\u0301😀 x\u0301y'); // no precomposed x with an acute: unchanged
    expect(composed.toOriginal(edit(4, 3, 'x\u0301y', 'xy'))).toEqual(edit(4, 3, 'x\u0301y', 'xy'));
  });
});
