import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';

import { ScrapedHistogram, ScrapedValue } from './scraped-metric.js';

function registryWith(...metrics: (ScrapedValue | ScrapedHistogram)[]): Registry {
  const registry = new Registry();
  for (const m of metrics) registry.registerMetric(m as unknown as Parameters<Registry['registerMetric']>[0]);
  return registry;
}

describe('scraped metrics', () => {
  it('expose counters read at scrape time, with labels', async () => {
    let hits = 1;
    const registry = registryWith(
      new ScrapedValue('x_total', 'Things.', 'counter', () => [{ labels: { ns: 'dict' }, value: hits }]),
    );
    expect(await registry.metrics()).toBe(
      '# HELP x_total Things.\n# TYPE x_total counter\nx_total{ns="dict"} 1\n',
    );
    hits = 5;
    expect(await registry.metrics()).toContain('x_total{ns="dict"} 5');
  });

  it('expose cumulative buckets as a Prometheus histogram', async () => {
    const registry = registryWith(
      new ScrapedHistogram('lat_seconds', 'Latency.', () => [
        { labels: { layer: 'redis' }, bounds: [0.001, 0.01], cumulative: [2, 3], sum: 0.012, count: 4 },
      ]),
    );
    expect((await registry.metrics()).split('\n')).toEqual([
      '# HELP lat_seconds Latency.',
      '# TYPE lat_seconds histogram',
      'lat_seconds_bucket{layer="redis",le="0.001"} 2',
      'lat_seconds_bucket{layer="redis",le="0.01"} 3',
      'lat_seconds_bucket{layer="redis",le="+Inf"} 4',
      'lat_seconds_sum{layer="redis"} 0.012',
      'lat_seconds_count{layer="redis"} 4',
      '',
    ]);
  });
});
