import { randomUUID } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import { Clock } from '#src/infra/time/clock.js';

import { CorrectionMetrics } from '../correction.metrics.js';
import type { TokenUsage } from '../providers/correction-provider.js';
import { LlmUsageRepository } from './llm-usage.repository.js';
import { UsageBuffer } from './usage-buffer.js';
import { estimateCostUsd, type LlmCallKind, type UsageEvent } from './usage-event.js';

/**
 * Accounts every Gemini call that returned tokens: counters at once, the row write-behind. The event goes to
 * the Redis buffer (sub-millisecond, survives a crash); without Redis, or when the push fails, it is written
 * to PostgreSQL directly so it is never silently lost.
 */
@Injectable()
export class UsageRecorder {
  private readonly logger = new Logger(UsageRecorder.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly buffer: UsageBuffer,
    private readonly repository: LlmUsageRepository,
    private readonly metrics: CorrectionMetrics,
    private readonly clock: Clock,
  ) {}

  public async record(
    userId: string,
    model: string,
    usage: TokenUsage,
    kind: LlmCallKind = 'correction',
  ): Promise<UsageEvent> {
    const costUsd = estimateCostUsd(usage.promptTokens, usage.completionTokens, {
      input: this.config.gemini.costPerMillionInputUsd,
      output: this.config.gemini.costPerMillionOutputUsd,
    });
    const event: UsageEvent = {
      eventId: randomUUID(),
      userId,
      model,
      kind,
      ...usage,
      costUsd,
      at: this.clock.now().toISOString(),
    };
    this.count(event);
    // Without Redis, or while it is down, usage is written to PostgreSQL directly.
    if (!(await this.buffer.push(JSON.stringify(event)))) await this.writeDirectly(event);
    return event;
  }

  private async writeDirectly(event: UsageEvent): Promise<void> {
    try {
      this.metrics.usageFlush.rows += await this.repository.insertMany([event]);
    } catch (err) {
      this.metrics.usageFlush.failures++;
      this.logger.error({ err: (err as Error).message, event }, 'usage event could not be stored');
    }
  }

  private count(event: UsageEvent): void {
    const g = this.metrics.gemini;
    g.calls++;
    g.promptTokens += event.promptTokens;
    g.completionTokens += event.completionTokens;
    g.totalTokens += event.totalTokens;
    g.costUsd += event.costUsd;
  }
}
