import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

import { type ScrapedMetric, ScrapedValue } from './scraped-metric.js';

/**
 * This application instance's Prometheus registry. One per app, never prom-client's global default:
 * tests run several instances in one process, and each must report only its own traffic.
 */
@Injectable()
export class MetricsRegistry {
  public readonly registry = new Registry();
  private readonly families = new Map<string, ScrapedMetric>();

  public constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * Adds a metric whose values are read from a module's counters at scrape time. Each module registers its
   * own (in `onModuleInit`); a value family another module registered already gets these samples too.
   */
  public add(metric: ScrapedMetric): void {
    const family = this.families.get(metric.name);
    if (family instanceof ScrapedValue && metric instanceof ScrapedValue) return family.join(metric);
    this.families.set(metric.name, metric);
    this.registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  public get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of every metric. */
  public scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
