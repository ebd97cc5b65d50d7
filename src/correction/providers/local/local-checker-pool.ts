import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';

import { AppConfig } from '#src/config/app-config.js';
import { CorrectionMetrics } from '#src/correction/correction.metrics.js';
import type { TextEdit } from '#src/correction/edits/text-edit.js';
import { AppError } from '#src/infra/http/errors.js';
import { compiledWorkerFile } from '#src/infra/workers/compiled-worker-file.js';

import type { LocalCheckTask } from './local-check.js';

/** Every worker is busy and the queue is full: the writer retries in a moment rather than wait minutes. */
export class LocalCheckerBusyError extends AppError {
  public constructor() {
    super(503, 'checker-busy', 'Service Unavailable', 'The offline checker is busy; try again in a moment.', {
      retryAfter: 1,
    });
  }
}

/** At most this many checks wait per worker thread; beyond that a request is refused at once (503). */
const QUEUE_PER_THREAD = 32;

/** How long shutdown lets the checks under way finish (a thread's set-up alone takes ~3 s, the warm-up task after it ~1.5–2.3 s). */
const CLOSE_TIMEOUT_MS = 15_000;

/**
 * One pool per process, shared by the app instances in it (tests run several): each thread holds its own
 * ~300 MB copy of Harper, so instances must not multiply them. Released when the last instance stops.
 */
let shared: SharedPool | undefined;

interface SharedPool {
  pool: Piscina;
  users: number;
  /** Checks completed (warm-ups are tasks too, so not `pool.completed`). */
  checks: number;
  /**
   * Threads started that have not had their warm-up task yet (`finished`). Piscina picks the thread a task
   * runs on: with several threads a warm-up can land on one already warm (~30 ms), leaving a new one to pay
   * on its first unusual word.
   */
  notWarmedUp: number;
}

/**
 * The local checker off the main thread: a piscina pool whose thread starts on the first local check
 * (instances that never fall back never pay for Harper) and exits after `LOCAL_CHECKER_IDLE_SECONDS`
 * without one, with a bounded queue. `LOCAL_CHECKER_THREADS` (default 1): each
 * thread costs Harper's memory again, for throughput only under sustained local load.
 */
@Injectable()
export class LocalCheckerPool implements OnApplicationShutdown {
  private pool: Piscina | undefined;

  public constructor(
    private readonly config: AppConfig,
    metrics: CorrectionMetrics,
  ) {
    metrics.localChecker = () => ({
      queued: this.pool?.queueSize ?? 0,
      threads: this.pool?.threads.length ?? 0,
      completed: this.completedChecks,
    });
  }

  public async check(task: LocalCheckTask): Promise<TextEdit[][]> {
    try {
      const edits = (await this.acquire().run(task)) as TextEdit[][];
      this.finished(task);
      return edits;
    } catch (err) {
      if (err instanceof Error && /queue is at limit/i.test(err.message)) throw new LocalCheckerBusyError();
      throw err;
    }
  }

  /**
   * Runs `task` for its side effect: a thread that loads Harper and the word lists for the task's dialect.
   * Nothing waits for it; a full queue or a failure is the next real check's business.
   */
  public warm(task: LocalCheckTask): void {
    const pool = this.acquire();
    if (pool.threads.length === 0 && pool.queueSize === 0)
      void pool
        .run(task)
        .then(() => this.finished(task))
        .catch(() => undefined);
  }

  /** Checks the worker pool has completed in this process (all instances): what a cache hit saves. */
  public get completedChecks(): number {
    return shared?.checks ?? 0;
  }

  /**
   * A new thread's first check is answered as soon as Harper and the word lists are set up; what Harper
   * builds on first meeting a word unlike any in its dictionary (~1.4–2.3 s, `harper-linter.ts`) follows as
   * a task of its own, queued behind any check already waiting, so no writer waits for it unless their
   * own text holds such a word first. A task, not background work of the thread, so that shutdown's
   * `close()` waits for it rather than terminate the thread inside Harper.
   */
  private finished(task: LocalCheckTask): void {
    if (!shared) return;
    if (task.pieces.length > 0) shared.checks++;
    if (shared.notWarmedUp === 0) return;
    shared.notWarmedUp--;
    void shared.pool.run(task.dialect, { name: 'warmUp' }).catch(() => undefined);
  }

  public async onApplicationShutdown(): Promise<void> {
    if (!this.pool || !shared) return;
    this.pool = undefined;
    if (--shared.users > 0) return;
    const { pool } = shared;
    shared = undefined;
    // close(), not destroy(): checks under way (a thread setting up Harper's WebAssembly among them) finish
    // before their thread is terminated, within CLOSE_TIMEOUT_MS; past it piscina terminates them anyway and
    // rejects. A thread terminated mid-check is the suspect in a test worker's SIGSEGV seen once in CI.
    await pool.close().catch(() => undefined);
  }

  private acquire(): Piscina {
    if (this.pool) return this.pool;
    const threads = this.config.llm.localCheckerThreads;
    if (!shared) {
      const pool = new Piscina({
        filename: compiledWorkerFile(new URL('./local-checker.worker.js', import.meta.url)),
        // No thread until a check needs one, and none kept once idle for LOCAL_CHECKER_IDLE_SECONDS: each
        // holds Harper's ~300 MB (measured: RSS 439 → 208 MB when the thread exits), and setting one up again
        // costs the next check ~3 s (Harper and the word lists).
        minThreads: 0,
        maxThreads: threads,
        maxQueue: threads * QUEUE_PER_THREAD,
        idleTimeout: this.config.llm.localCheckerIdleMs,
        closeTimeout: CLOSE_TIMEOUT_MS,
      });
      const created: SharedPool = { pool, users: 0, checks: 0, notWarmedUp: 0 };
      pool.on('workerCreate', () => created.notWarmedUp++);
      shared = created;
    }
    shared.users++;
    this.pool = shared.pool;
    return this.pool;
  }
}
