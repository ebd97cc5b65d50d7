/**
 * Metrics whose values live elsewhere (the cache's, rate limiter's, correction module's plain counters)
 * and are read when Prometheus scrapes. They hand prom-client's registry the same shape its own metrics
 * do (`get()` → name, help, type, values), so no value is copied or kept twice.
 */
export type Labels = Record<string, string | number>;

export interface Sample {
  labels?: Labels;
  value: number;
}

interface MetricValue {
  labels: Labels;
  value: number;
  metricName?: string;
}

interface MetricData {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  aggregator: 'sum';
  values: MetricValue[];
}

export abstract class ScrapedMetric {
  public abstract readonly name: string;
  public abstract readonly help: string;
  public abstract readonly type: MetricData['type'];
  public abstract get(): Promise<MetricData>;
}

type SampleReader = () => Sample[] | Promise<Sample[]>;

/**
 * A counter (monotonic, name ends in `_total`) or gauge read at scrape time. Several modules may add
 * samples to one family (`write_behind_buffer_depth` has a buffer per feature): see `MetricsRegistry.add`.
 */
export class ScrapedValue extends ScrapedMetric {
  private readonly readers: SampleReader[];

  public constructor(
    public readonly name: string,
    public readonly help: string,
    public readonly type: 'counter' | 'gauge',
    read: SampleReader,
  ) {
    super();
    this.readers = [read];
  }

  /** Adds `other`'s samples to this family's. */
  public join(other: ScrapedValue): void {
    if (other.type !== this.type)
      throw new Error(`metric ${this.name} registered as ${this.type} and ${other.type}`);
    this.readers.push(...other.readers);
  }

  public async get(): Promise<MetricData> {
    const samples = (await Promise.all(this.readers.map((read) => read()))).flat();
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: 'sum',
      values: samples.map((s) => ({ labels: s.labels ?? {}, value: s.value })),
    };
  }
}

export interface HistogramSample {
  labels: Labels;
  /** Upper bounds, ascending, in the metric's unit. */
  bounds: readonly number[];
  /** Cumulative count per bound (observations ≤ bound). */
  cumulative: readonly number[];
  sum: number;
  count: number;
}

/** A histogram kept by someone else as cumulative buckets (e.g. `CacheMetrics` latencies). */
export class ScrapedHistogram extends ScrapedMetric {
  public readonly type = 'histogram' as const;

  public constructor(
    public readonly name: string,
    public readonly help: string,
    private readonly read: () => HistogramSample[],
  ) {
    super();
  }

  public async get(): Promise<MetricData> {
    const values: MetricValue[] = [];
    for (const s of this.read()) {
      s.bounds.forEach((le, i) =>
        values.push({
          metricName: `${this.name}_bucket`,
          labels: { ...s.labels, le },
          value: s.cumulative[i],
        }),
      );
      values.push({ metricName: `${this.name}_bucket`, labels: { ...s.labels, le: '+Inf' }, value: s.count });
      values.push({ metricName: `${this.name}_sum`, labels: s.labels, value: s.sum });
      values.push({ metricName: `${this.name}_count`, labels: s.labels, value: s.count });
    }
    return { name: this.name, help: this.help, type: 'histogram', aggregator: 'sum', values };
  }
}
