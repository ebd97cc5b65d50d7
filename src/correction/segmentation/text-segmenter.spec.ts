import { describe, expect, it } from 'vitest';

import { MAX_PIECE_LENGTH, TextSegmenter } from './text-segmenter.js';

const segmenter = new TextSegmenter();

describe('TextSegmenter', () => {
  it('splits into sentences without the whitespace around them, with their document offsets', () => {
    const text = 'Hello world.  How are you?\n\nFine, thanks!';
    const pieces = segmenter.split(text);
    expect(pieces.map((p) => p.text)).toEqual(['Hello world.', 'How are you?', 'Fine, thanks!']);
    for (const p of pieces) expect(text.slice(p.start, p.start + p.text.length)).toBe(p.text);
  });

  it('yields the same piece for a sentence wherever it sits (what makes the cache hit)', () => {
    const a = segmenter.split('First one. The shared sentence.').at(-1)!.text;
    const b = segmenter.split('The shared sentence. Another one.')[0].text;
    expect(a).toBe(b);
  });

  it('keeps abbreviations inside their sentence', () => {
    expect(segmenter.split('This is Mr. Smith. He uses e.g. examples.').map((p) => p.text)).toEqual([
      'This is Mr. Smith.',
      'He uses e.g. examples.',
    ]);
  });

  it('cuts an over-long sentence at whitespace into pieces of bounded length', () => {
    const text = 'word '.repeat(700).trim();
    const pieces = segmenter.split(text);
    expect(pieces.length).toBeGreaterThan(3);
    for (const p of pieces) {
      expect(p.text.length).toBeLessThanOrEqual(MAX_PIECE_LENGTH);
      expect(text.slice(p.start, p.start + p.text.length)).toBe(p.text);
    }
    expect(pieces.map((p) => p.text).join(' ')).toBe(text);
  });

  it('never cuts a surrogate pair when an over-long sentence has no spaces', () => {
    const text = '😀'.repeat(MAX_PIECE_LENGTH);
    const pieces = segmenter.split(text);
    for (const p of pieces) expect(p.text.isWellFormed()).toBe(true);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
  });

  it('returns nothing for whitespace only', () => {
    expect(segmenter.split(' \n\t ')).toEqual([]);
  });
});
