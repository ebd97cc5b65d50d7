import { Injectable } from '@nestjs/common';

export type PieceSource = 'redis' | 'postgres' | 'gemini' | 'local';
export type FallbackReason =
  | 'unconfigured'
  | 'disabled'
  | 'quota'
  | 'circuit-open'
  | 'upstream-error'
  | 'invalid-answer'
  | 'deadline'
  | 'anonymous';

/**
 * Plain counters of the correction module, for the metrics endpoint to read (no Prometheus types here).
 * Counters only ever grow; `usageBufferDepth` is a gauge read on demand.
 */
@Injectable()
export class CorrectionMetrics {
  /** Pieces served, by where their edits came from. */
  public readonly pieces: Record<PieceSource, number> = { redis: 0, postgres: 0, gemini: 0, local: 0 };
  /** Pieces that fell back to the local checker, by why. */
  public readonly fallbacks: Record<FallbackReason, number> = {
    unconfigured: 0,
    disabled: 0,
    quota: 0,
    'circuit-open': 0,
    'upstream-error': 0,
    'invalid-answer': 0,
    deadline: 0,
    anonymous: 0,
  };
  /** Gemini HTTP attempts (retries included) by outcome. */
  public readonly geminiAttempts = { ok: 0, retried: 0, failed: 0 };
  /** Gemini calls that returned an answer, and what they cost. */
  public readonly gemini = { calls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, costUsd: 0 };
  /** Usage events written to PostgreSQL by the flusher (or directly), and failed flush attempts. */
  public readonly usageFlush = { rows: 0, failures: 0, dropped: 0 };
  private depthReader: () => Promise<number> = async () => 0;

  /** Events waiting in the write-behind buffer (Redis list length; 0 without Redis). */
  public usageBufferDepth(): Promise<number> {
    return this.depthReader();
  }

  public setUsageBufferDepthReader(reader: () => Promise<number>): void {
    this.depthReader = reader;
  }

  /** Local checks waiting for a worker thread, the pool's threads (gauges) and checks done (a counter). */
  public localChecker: () => { queued: number; threads: number; completed: number } = () => ({
    queued: 0,
    threads: 0,
    completed: 0,
  });
}
