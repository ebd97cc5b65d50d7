import { Injectable, OnModuleInit } from '@nestjs/common';

import { MetricsRegistry } from '#src/infra/metrics/metrics.registry.js';
import { ScrapedValue } from '#src/infra/metrics/scraped-metric.js';

import { CorrectionMetrics } from './correction.metrics.js';

/** The correction module's counters as Prometheus metrics: Gemini spend, the usage buffer, the local checker. */
@Injectable()
export class CorrectionCollectors implements OnModuleInit {
  public constructor(
    private readonly metrics: MetricsRegistry,
    private readonly correction: CorrectionMetrics,
  ) {}

  public onModuleInit(): void {
    for (const metric of [...this.llmMetrics(), ...this.operationalMetrics()]) this.metrics.add(metric);
  }

  private llmMetrics() {
    const gemini = this.correction.gemini;
    return [
      new ScrapedValue(
        'gemini_tokens_total',
        'Gemini tokens billed, by kind (prompt, completion).',
        'counter',
        () => [
          { labels: { kind: 'prompt' }, value: gemini.promptTokens },
          { labels: { kind: 'completion' }, value: gemini.completionTokens },
        ],
      ),
      new ScrapedValue(
        'gemini_estimated_cost_usd_total',
        'Estimated Gemini cost in USD, from the configured token prices.',
        'counter',
        () => [{ value: gemini.costUsd }],
      ),
      new ScrapedValue('gemini_calls_total', 'Gemini calls that returned an answer.', 'counter', () => [
        { value: gemini.calls },
      ]),
    ];
  }

  private operationalMetrics() {
    return [
      new ScrapedValue(
        'write_behind_buffer_depth',
        'Items waiting in a write-behind buffer (llm_usage events, dictionary lookup counts).',
        'gauge',
        async () => [{ labels: { buffer: 'llm_usage' }, value: await this.correction.usageBufferDepth() }],
      ),
      new ScrapedValue(
        'local_checker_queue_depth',
        'Local checks (Harper) waiting for a worker thread; past 32 per thread the service answers 503.',
        'gauge',
        () => [{ value: this.correction.localChecker().queued }],
      ),
      new ScrapedValue(
        'local_checker_checks_total',
        'Texts the local checker (Harper) checked in this process; a cached sentence costs none.',
        'counter',
        () => [{ value: this.correction.localChecker().completed }],
      ),
      new ScrapedValue(
        'local_checker_threads',
        'Worker threads of the local checker (0 until the first local check starts the pool).',
        'gauge',
        () => [{ value: this.correction.localChecker().threads }],
      ),
    ];
  }
}
