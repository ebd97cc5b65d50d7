import { describe, expect, it } from 'vitest';

import type { CorrectionEdit } from '../api/client';
import { batchesOf, chunksOf, editsByPart } from './chunks';

const edit = (offset: number, original: string, replacement = 'x'): CorrectionEdit => ({
  offset,
  length: original.length,
  original,
  replacement,
  message: 'm',
  category: 'spelling',
});

describe('checking a document in parts', () => {
  it('takes each non-blank line as a part, where it starts', () => {
    expect(chunksOf('One line.\n\n  \nTwo lines.\n')).toEqual([
      { from: 0, text: 'One line.' },
      { from: 14, text: 'Two lines.' },
    ]);
  });

  it('cuts a line longer than a request after a sentence, else after a space, never inside an emoji', () => {
    expect(chunksOf('One. Two. Three four five.', 12)).toEqual([
      { from: 0, text: 'One. Two. ' },
      { from: 10, text: 'Three four ' },
      { from: 21, text: 'five.' },
    ]);
    const emoji = '😀'.repeat(4); // 8 code units
    const parts = chunksOf(emoji, 3).map((c) => c.text);
    expect(parts.join('')).toBe(emoji);
    expect(parts.every((p) => p.length <= 3 && !/[\ud800-\udbff]$/.test(p))).toBe(true);
  });

  it('groups the distinct parts into as few requests as fit, a blank line between parts', () => {
    const batches = batchesOf(['aaaa', 'bbbb', 'aaaa', 'cccc'], 10);
    expect(batches).toEqual([
      {
        text: 'aaaa\n\nbbbb',
        parts: [
          { text: 'aaaa', start: 0 },
          { text: 'bbbb', start: 6 },
        ],
      },
      { text: 'cccc', parts: [{ text: 'cccc', start: 0 }] },
    ]);
  });

  it('hands each edit to its part with the part’s own offsets, and none across the join', () => {
    const [batch] = batchesOf(['I recieve.', 'Teh end.']);
    const byPart = editsByPart(batch, [
      edit(2, 'recieve'),
      edit(9, '.\n\nTeh'),
      edit(12, 'Teh'),
      edit(20, ''),
    ]);
    expect(byPart.get('I recieve.')).toEqual([edit(2, 'recieve')]);
    // "Teh end." starts at 12; an insertion at its very end (20) is still its own.
    expect(byPart.get('Teh end.')).toEqual([edit(0, 'Teh'), edit(8, '')]);
  });
});
