import { describe, expect, it, vi } from 'vitest';

import type { TextEdit } from '../edits/text-edit.js';
import { PieceBatch, UnusableAnswerError } from './piece-batch.js';

const edit = (original: string): TextEdit => ({
  offset: 0,
  length: original.length,
  original,
  replacement: 'x',
  message: '',
  category: 'other',
});

describe('PieceBatch', () => {
  it('sends all misses of a request in one call once every piece has joined or been answered otherwise', async () => {
    const dispatch = vi.fn(async (texts: string[]) => texts.map((t) => [edit(t)]));
    const batch = new PieceBatch(3, 10_000, dispatch);
    const a = batch.join(0, 'a');
    batch.done(1); // a cache hit
    expect(dispatch).not.toHaveBeenCalled();
    const c = batch.join(2, 'c');
    expect(await a).toEqual([edit('a')]);
    expect(await c).toEqual([edit('c')]);
    expect(dispatch).toHaveBeenCalledTimes(1);
    expect(dispatch).toHaveBeenCalledWith(['a', 'c']);
  });

  it('does not wait for ever on a piece held elsewhere: the window sends what has joined', async () => {
    vi.useFakeTimers();
    try {
      const dispatch = vi.fn(async (texts: string[]) => texts.map(() => []));
      const batch = new PieceBatch(2, 15, dispatch);
      const a = batch.join(0, 'a'); // piece 1 is waiting on another instance's lock
      await vi.advanceTimersByTimeAsync(14);
      expect(dispatch).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(dispatch).toHaveBeenCalledWith(['a']);
      expect(await a).toEqual([]);
      // A late joiner goes out in a call of its own.
      const b = batch.join(1, 'b');
      expect(await b).toEqual([]);
      expect(dispatch).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits past the window for a piece this request is still reading from PostgreSQL (it will join)', async () => {
    vi.useFakeTimers();
    try {
      const dispatch = vi.fn(async (texts: string[]) => texts.map(() => []));
      const batch = new PieceBatch(2, 15, dispatch);
      batch.loading(1);
      const a = batch.join(0, 'a');
      await vi.advanceTimersByTimeAsync(100);
      expect(dispatch).not.toHaveBeenCalled();
      const b = batch.join(1, 'b');
      await Promise.all([a, b]);
      expect(dispatch).toHaveBeenCalledTimes(1);
      expect(dispatch).toHaveBeenCalledWith(['a', 'b']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects a piece without a usable answer, and every piece when the call failed', async () => {
    const partial = new PieceBatch(2, 10_000, async () => [[edit('a')], null]);
    const [a, b] = [partial.join(0, 'a'), partial.join(1, 'b')];
    await expect(a).resolves.toHaveLength(1);
    await expect(b).rejects.toBeInstanceOf(UnusableAnswerError);

    const boom = new Error('gemini down');
    const failed = new PieceBatch(2, 10_000, async () => {
      throw boom;
    });
    const [c, d] = [failed.join(0, 'c'), failed.join(1, 'd')];
    await expect(c).rejects.toBe(boom);
    await expect(d).rejects.toBe(boom);
  });

  it('passes on a per-piece error (e.g. one of two parallel calls was over quota)', async () => {
    const quota = new Error('quota');
    const batch = new PieceBatch(2, 10_000, async () => [quota, []]);
    const [a, b] = [batch.join(0, 'a'), batch.join(1, 'b')];
    await expect(a).rejects.toBe(quota);
    await expect(b).resolves.toEqual([]);
  });
});
