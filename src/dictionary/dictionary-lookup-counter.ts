import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';

import { DICTIONARY_LANGUAGE } from './dictionary-entry.js';
import { DictionaryEntryRepository } from './dictionary-entry.repository.js';

const FLUSH_INTERVAL_MS = 5_000;
/** Distinct words held before an early flush; bounds memory under a flood of different words. */
const MAX_PENDING_WORDS = 5_000;

/**
 * Write-behind counter of lookups per word: a Redis hit must not cost a PostgreSQL write, so counts
 * are summed in memory and added in one UPDATE every few seconds (and on shutdown). Counts are
 * approximate by design: a crash loses at most one interval's worth.
 */
@Injectable()
export class DictionaryLookupCounter implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(DictionaryLookupCounter.name);
  private pending = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(private readonly repository: DictionaryEntryRepository) {}

  public onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Words waiting to be written (the write-behind buffer depth). */
  public get depth(): number {
    return this.pending.size;
  }

  public record(word: string): void {
    this.add(word, 1);
    if (this.pending.size >= MAX_PENDING_WORDS) void this.flush();
  }

  /** Writes what is buffered; concurrent calls share one write. */
  public async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = this.repository
      .addLookups(DICTIONARY_LANGUAGE, batch)
      .catch((err: unknown) => {
        this.logger.warn(
          { words: batch.size, err: (err as Error).message },
          'lookup counts not written; keeping them for the next flush',
        );
        for (const [word, n] of batch) if (this.pending.size < MAX_PENDING_WORDS) this.add(word, n);
      })
      .finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** Before the database connections close (they close in `onApplicationShutdown`). */
  public async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.flush();
  }

  private add(word: string, n: number): void {
    this.pending.set(word, (this.pending.get(word) ?? 0) + n);
  }
}
