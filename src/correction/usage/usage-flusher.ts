import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';

import { CorrectionMetrics } from '../correction.metrics.js';
import { LlmUsageRepository } from './llm-usage.repository.js';
import { UsageBuffer } from './usage-buffer.js';
import { type UsageEvent, usageEventSchema } from './usage-event.js';

/** Rows per INSERT. */
export const FLUSH_BATCH_SIZE = 500;
/** A shutdown flush gives up after this long (the events stay buffered for the next start). */
const SHUTDOWN_FLUSH_BUDGET_MS = 5_000;

/**
 * Moves usage events from the Redis buffer to PostgreSQL every `LLM_USAGE_FLUSH_INTERVAL_MS`, in batches,
 * and once more on shutdown. Order per batch: read the head of the list → INSERT … ON CONFLICT (event_id)
 * DO NOTHING → trim what was read. A crash between insert and trim replays the batch next time, which the
 * unique `event_id` turns into a no-op: at-least-once delivery, exactly-once rows.
 */
@Injectable()
export class UsageFlusher implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(UsageFlusher.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  public constructor(
    private readonly config: AppConfig,
    private readonly buffer: UsageBuffer,
    private readonly repository: LlmUsageRepository,
    private readonly metrics: CorrectionMetrics,
  ) {
    metrics.setUsageBufferDepthReader(() => buffer.depth().catch(() => 0));
  }

  public onModuleInit(): void {
    if (!this.buffer.enabled) return;
    this.timer = setInterval(
      () => void this.flush().catch(() => undefined),
      this.config.llm.usageFlushIntervalMs,
    );
    this.timer.unref();
  }

  /**
   * Runs before Redis and PostgreSQL disconnect (their `onApplicationShutdown`), so the last events of this
   * process are written while both are still reachable.
   */
  public async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!this.buffer.enabled) return;
    const deadline = Date.now() + SHUTDOWN_FLUSH_BUDGET_MS;
    // Another instance may hold the lock for a moment; retry briefly rather than leave our events behind.
    while (Date.now() < deadline) {
      try {
        await this.flush();
        if ((await this.buffer.depth()) === 0) return;
      } catch (err) {
        this.logger.warn(
          { err: (err as Error).message },
          'usage flush on shutdown failed; events stay buffered',
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Flushes everything buffered now (one flush at a time per process). Resolves to the rows inserted. */
  public flush(): Promise<number> {
    this.running ??= this.flushAll().finally(() => (this.running = null));
    return this.running;
  }

  private async flushAll(): Promise<number> {
    const token = await this.buffer.tryLock();
    if (!token) return 0;
    let inserted = 0;
    try {
      for (;;) {
        const items = await this.buffer.peek(FLUSH_BATCH_SIZE);
        if (items.length === 0) break;
        inserted += await this.repository.insertMany(this.parse(items));
        if (!(await this.buffer.trim(token, items.length))) break;
        if (items.length < FLUSH_BATCH_SIZE) break;
      }
    } catch (err) {
      this.metrics.usageFlush.failures++;
      this.logger.warn({ err: (err as Error).message }, 'usage flush failed; events stay buffered');
      throw err;
    } finally {
      this.metrics.usageFlush.rows += inserted;
      await this.buffer.unlock(token).catch(() => undefined);
    }
    return inserted;
  }

  private parse(items: string[]): UsageEvent[] {
    const events: UsageEvent[] = [];
    for (const item of items) {
      try {
        events.push(usageEventSchema.parse(JSON.parse(item)));
      } catch {
        // A corrupt item must not block every later event: log it and let the trim drop it.
        this.metrics.usageFlush.dropped++;
        this.logger.error({ item: item.slice(0, 500) }, 'unreadable usage event dropped');
      }
    }
    return events;
  }
}
