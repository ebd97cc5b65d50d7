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
    type Stats = ReturnType<IdleMemoryTrim['stats']>;
    const counters: [name: string, help: string, read: (s: Stats) => number][] = [
      [
        'process_idle_memory_trims_total',
        'Memory-reducing garbage collections run once the process was idle (MEMORY_TRIM_IDLE_SECONDS).',
        (s) => s.trims,
      ],
      [
        'process_idle_memory_trim_returned_bytes_total',
        'Resident memory the idle trims gave back to the system.',
        (s) => s.returnedBytes,
      ],
      [
        'process_idle_memory_trim_pause_seconds_total',
        'Time the event loop spent in idle trims.',
        (s) => s.pauseMs / 1_000,
      ],
    ];
    for (const [name, help, read] of counters)
      this.metrics.add(new ScrapedValue(name, help, 'counter', () => [{ value: read(this.trim.stats()) }]));
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
