import { describe, expect, it, vi } from 'vitest';

import {
  type GarbageCollect,
  IdleMemoryTrim,
  type MemoryFigures,
  type MemoryTrimmed,
} from './idle-memory-trim.js';

const MB = 2 ** 20;
const IDLE = { utilization: 0.002 };
const BUSY = { utilization: 0.4 };

/** Memory outside the live heap is rss − heapUsed − external: 100 MB at start-up here. */
const figures = (rssMb: number, heapUsedMb = 60): MemoryFigures => ({
  rss: rssMb * MB,
  heapUsed: heapUsedMb * MB,
  external: 10 * MB,
});

function setup(readings: MemoryFigures[], collect: GarbageCollect | null = vi.fn()) {
  const memory = vi.fn(() => {
    const next = readings.shift();
    if (!next) throw new Error('memory read more often than the test expected');
    return next;
  });
  const trims: MemoryTrimmed[] = [];
  const trim = new IdleMemoryTrim(30_000, (t) => trims.push(t), collect, memory);
  return { trim, trims, memory, collect };
}

describe('IdleMemoryTrim', () => {
  it('collects once idle when memory outside the live heap grew by 64 MB or more, and reports what came back', () => {
    // start-up: 170 MB RSS; after a burst the heap is small again but RSS stayed at 420 MB (V8's page pool).
    const { trim, trims, collect } = setup([figures(170), figures(420), figures(190)]);
    trim.start();
    trim.stop();

    expect(trim.check(IDLE)).toMatchObject({ rssBefore: 420 * MB, rssAfter: 190 * MB });
    expect(collect).toHaveBeenCalledExactlyOnceWith({
      type: 'major',
      execution: 'sync',
      flavor: 'last-resort',
    });
    expect(trims).toHaveLength(1);
    expect(trim.stats()).toMatchObject({ trims: 1, returnedBytes: 230 * MB });
  });

  it('never collects while the event loop is busy: the pool would refill and the pause would land on requests', () => {
    const { trim, collect } = setup([figures(170), figures(600)]);
    trim.start();
    trim.stop();

    expect(trim.check(BUSY)).toBeUndefined();
    expect(collect).not.toHaveBeenCalled();
  });

  it('leaves an idle process alone when there is less than 64 MB to give back', () => {
    const { trim, collect } = setup([figures(170), figures(220)]);
    trim.start();
    trim.stop();

    expect(trim.check(IDLE)).toBeUndefined();
    expect(collect).not.toHaveBeenCalled();
  });

  it('measures growth from the last trim, so memory a collection cannot return is not collected for again', () => {
    // The trim returns little (the growth was a worker thread's, say): the next idle interval must not retry.
    const { trim, collect } = setup([figures(170), figures(500), figures(480), figures(485)]);
    trim.start();
    trim.stop();

    expect(trim.check(IDLE)).toBeDefined();
    expect(trim.check(IDLE)).toBeUndefined();
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('measures growth from the lowest level since, so memory that left (a thread that exited) is not a credit', () => {
    // A trim at 500 MB resets the level there; a thread then exits (300 MB), and the pool regrows by 70 MB.
    const { trim, collect } = setup([
      figures(170),
      figures(500),
      figures(480),
      figures(180),
      figures(250),
      figures(190),
    ]);
    trim.start();
    trim.stop();

    expect(trim.check(IDLE)).toBeDefined();
    expect(trim.check(IDLE)).toBeUndefined();
    expect(trim.check(IDLE)?.rssBefore).toBe(250 * MB);
    expect(collect).toHaveBeenCalledTimes(2);
  });

  it('follows a thread that exits during a busy spell down, so the pool that spell grew is still given back', () => {
    // A trim while a thread holds 300 MB; the thread exits while the service is busy (seen at a busy check),
    // and the pool grows by 100 MB before the service goes idle: that 100 MB is worth a collection.
    const { trim, collect } = setup([
      figures(170),
      figures(500),
      figures(480),
      figures(180),
      figures(280),
      figures(190),
    ]);
    trim.start();
    trim.stop();

    expect(trim.check(IDLE)).toBeDefined();
    expect(trim.check(BUSY)).toBeUndefined();
    expect(trim.check(IDLE)?.rssBefore).toBe(280 * MB);
    expect(collect).toHaveBeenCalledTimes(2);
  });

  it('is off without `gc` (Node started without --expose-gc) or with an interval of 0', () => {
    expect(new IdleMemoryTrim(30_000, () => undefined, null).enabled).toBe(false);
    expect(new IdleMemoryTrim(0, () => undefined, vi.fn()).enabled).toBe(false);

    const { trim, memory } = setup([], null);
    trim.start();
    expect(trim.check(IDLE)).toBeUndefined();
    expect(memory).not.toHaveBeenCalled();
  });
});
