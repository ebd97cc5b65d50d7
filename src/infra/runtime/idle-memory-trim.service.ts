import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import { MetricsRegistry } from '#src/infra/metrics/metrics.registry.js';
import { ScrapedValue } from '#src/infra/metrics/scraped-metric.js';

import { IdleMemoryTrim, type MemoryTrimmed } from './idle-memory-trim.js';

const MB = 2 ** 20;

/** Runs the process's `IdleMemoryTrim` from start-up to shutdown, and reports its trims on `/metrics`. */
@Injectable()
export class IdleMemoryTrimService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IdleMemoryTrim');
  private readonly trim: IdleMemoryTrim;

  public constructor(
    config: AppConfig,
    private readonly metrics: MetricsRegistry,
  ) {
    this.trim = new IdleMemoryTrim(config.runtime.memoryTrimIdleMs, (t) => this.report(t));
  }

  public onModuleInit(): void {
    const stats = () => this.trim.stats();
    this.metrics.add(
      new ScrapedValue(
        'process_idle_memory_trims_total',
        'Memory-reducing garbage collections run once the process was idle (MEMORY_TRIM_IDLE_SECONDS).',
        'counter',
        () => [{ value: stats().trims }],
      ),
    );
    this.metrics.add(
      new ScrapedValue(
        'process_idle_memory_trim_returned_bytes_total',
        'Resident memory the idle trims gave back to the system.',
        'counter',
        () => [{ value: stats().returnedBytes }],
      ),
    );
    this.metrics.add(
      new ScrapedValue(
        'process_idle_memory_trim_pause_seconds_total',
        'Time the event loop spent in idle trims.',
        'counter',
        () => [{ value: stats().pauseMs / 1_000 }],
      ),
    );
  }

  public onApplicationBootstrap(): void {
    if (!this.trim.enabled) {
      this.logger.log(
        'Idle memory trim off: MEMORY_TRIM_IDLE_SECONDS=0, or Node started without --expose-gc',
      );
      return;
    }
    this.trim.start();
  }

  public onApplicationShutdown(): void {
    this.trim.stop();
  }

  private report(t: MemoryTrimmed): void {
    const mb = (bytes: number) => Math.round(bytes / MB);
    this.logger.log(
      `Idle memory trim: RSS ${mb(t.rssBefore)} → ${mb(t.rssAfter)} MB (collection ${Math.round(t.pauseMs)} ms)`,
    );
  }
}
