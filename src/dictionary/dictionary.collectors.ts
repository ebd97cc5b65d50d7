import { Injectable, OnModuleInit } from '@nestjs/common';

import { MetricsRegistry } from '#src/infra/metrics/metrics.registry.js';
import { ScrapedValue } from '#src/infra/metrics/scraped-metric.js';

import { DictionaryLookupCounter } from './dictionary-lookup-counter.js';

/** The dictionary's metrics: the depth of its write-behind lookup counter. */
@Injectable()
export class DictionaryCollectors implements OnModuleInit {
  public constructor(
    private readonly metrics: MetricsRegistry,
    private readonly lookups: DictionaryLookupCounter,
  ) {}

  public onModuleInit(): void {
    this.metrics.add(
      new ScrapedValue(
        'write_behind_buffer_depth',
        'Items waiting in a write-behind buffer (llm_usage events, dictionary lookup counts).',
        'gauge',
        () => [{ labels: { buffer: 'dictionary_lookups' }, value: this.lookups.depth }],
      ),
    );
  }
}
