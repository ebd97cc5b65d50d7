import { performance } from 'node:perf_hooks';

/**
 * Gives memory back to the system once the process is idle after a busy spell.
 *
 * V8 keeps the pages its garbage collector frees in a pool for reuse, and releases the pool only on a
 * memory-reducing collection. Its memory reducer would run one once allocation slows down, but on an
 * idle server it goes on seeing the burst's rate ("high alloc": no collection, no new sample), so the
 * pool stays resident: ~190 MB of pooled pages on an instance whose heap held 117 MB, unchanged 100 s
 * after its load ended (`bench/results/2026-12-04-idle-memory-trim.md`). A last-resort collection — the one V8 runs on a low
 * memory notification — releases the pool and shrinks the heap to what is live.
 *
 * It runs only when both hold: the event loop was idle (busy under `IDLE_UTILIZATION` of the last
 * interval), and memory outside the live heap stands `MIN_RECLAIM_BYTES` above its lowest since start-up
 * or the last trim, so an idle instance with nothing to give back never pays for a collection.
 * The collection needs `gc`, which Node exposes with `--expose-gc` (the service's flags: `npm start`, the
 * image, the Kubernetes Deployment). Without it this does nothing.
 */
export class IdleMemoryTrim {
  /**
   * Event-loop utilization below which an interval counts as idle: probes and scrapes, not traffic (a
   * cached lookup costs the loop ~0.1 ms, so 1 % is ~100 requests a second, each of which a collection of
   * 125–450 ms would delay).
   */
  public static readonly IDLE_UTILIZATION = 0.01;
  /** Growth of memory outside the live heap worth a collection. */
  public static readonly MIN_RECLAIM_BYTES = 64 * 2 ** 20;

  private timer: NodeJS.Timeout | undefined;
  private lastLoop = performance.eventLoopUtilization();
  /** Memory outside the live heap with nothing to give back: its lowest since start-up or the last trim. */
  private baseline: number | undefined;
  private readonly counts = { trims: 0, returnedBytes: 0, pauseMs: 0 };

  public constructor(
    private readonly intervalMs: number,
    private readonly onTrim: (trim: MemoryTrimmed) => void,
    private readonly collect: GarbageCollect | null = exposedGc(),
    private readonly memory: () => MemoryFigures = () => process.memoryUsage(),
  ) {}

  /** False when Node was started without `--expose-gc` (`collect` null), or the interval is 0. */
  public get enabled(): boolean {
    return this.collect !== null && this.intervalMs > 0;
  }

  public start(): void {
    if (!this.enabled || this.timer) return;
    this.baseline = outsideLiveHeap(this.memory());
    this.lastLoop = performance.eventLoopUtilization();
    this.timer = setInterval(
      () => this.check(performance.eventLoopUtilization(this.lastLoop)),
      this.intervalMs,
    );
    this.timer.unref();
  }

  public stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Trims if the interval that just ended was idle and there is enough to give back. */
  public check(loop: { utilization: number }): MemoryTrimmed | undefined {
    this.lastLoop = performance.eventLoopUtilization();
    if (!this.collect) return undefined;
    const before = this.memory();
    const outside = outsideLiveHeap(before);
    // Followed down as well, busy or idle: once a thread that held memory exits, growth counts from the
    // lower level. Read while busy too, or an exit during a busy spell would net out against the pool the
    // spell grew, and that pool would never be given back.
    this.baseline = Math.min(this.baseline ?? outside, outside);
    if (loop.utilization >= IdleMemoryTrim.IDLE_UTILIZATION) return undefined;
    if (outside - this.baseline < IdleMemoryTrim.MIN_RECLAIM_BYTES) return undefined;

    const started = performance.now();
    this.collect({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    const pauseMs = performance.now() - started;
    const after = this.memory();
    this.baseline = outsideLiveHeap(after);
    const trimmed = { rssBefore: before.rss, rssAfter: after.rss, pauseMs };
    this.counts.trims += 1;
    this.counts.returnedBytes += Math.max(0, before.rss - after.rss);
    this.counts.pauseMs += pauseMs;
    this.onTrim(trimmed);
    return trimmed;
  }

  public stats(): Readonly<{ trims: number; returnedBytes: number; pauseMs: number }> {
    return { ...this.counts };
  }
}

export interface MemoryTrimmed {
  rssBefore: number;
  rssAfter: number;
  pauseMs: number;
}

export type MemoryFigures = Pick<NodeJS.MemoryUsage, 'rss' | 'heapUsed' | 'external'>;

/** V8's `gc` extension (`--expose-gc`): a last-resort collection is the memory-reducing one. */
export type GarbageCollect = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

function exposedGc(): GarbageCollect | null {
  const gc = (globalThis as { gc?: unknown }).gc;
  return typeof gc === 'function' ? (gc as GarbageCollect) : null;
}

/** Resident memory that is not live JavaScript: V8's free and pooled pages among it, which a trim returns. */
function outsideLiveHeap(m: MemoryFigures): number {
  return m.rss - m.heapUsed - m.external;
}
