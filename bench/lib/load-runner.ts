// One load run with autocannon, with latencies recorded at full resolution: autocannon's own histogram
// counts whole milliseconds, too coarse for an in-memory hit, so every response's hrtime duration is
// recorded here instead (same clock autocannon uses: request written → response complete).
import autocannon, { type AutocannonRequest } from 'autocannon';

import { LatencyRecorder, percentile } from './stats.js';

export interface LoadSpec {
  /** Base URL of the server under test. */
  url: string;
  connections: number;
  /** Seconds to run for (ignored when `amount` is given). */
  durationSec: number;
  /** Exactly this many requests, spread over the connections, then stop. */
  amount?: number;
  /** Stop early after this many requests in total (the duration still applies). */
  maxOverallRequests?: number;
  /** Cap on requests per second across all connections (smoke mode: keep a shared CI machine usable). */
  overallRate?: number;
  /** The requests each connection cycles through (autocannon's `requests`). */
  requests: AutocannonRequest[];
  timeoutSec?: number;
}

export interface RunResult {
  /** 2xx responses. */
  ok: number;
  rps: number;
  p50: number;
  p99: number;
  p999: number;
  /** Non-2xx responses, socket errors and timeouts. */
  errors: number;
  /** Largest RSS of the process under test sampled during the run (MiB). */
  rssPeakMb: number;
  elapsedSec: number;
  statusCodes: Record<string, number>;
}

const RSS_SAMPLE_MS = 200;

export async function runLoad(spec: LoadSpec, rssMb: () => number): Promise<RunResult> {
  const latencies = new LatencyRecorder();
  let rssPeakMb = rssMb();
  const sampler = setInterval(() => {
    const rss = rssMb();
    if (rss > rssPeakMb) rssPeakMb = rss;
  }, RSS_SAMPLE_MS);
  const started = process.hrtime.bigint();
  let lastResponse = started;
  try {
    const instance = autocannon({
      url: spec.url,
      connections: spec.amount !== undefined ? Math.min(spec.connections, spec.amount) : spec.connections,
      duration: spec.durationSec,
      ...(spec.amount !== undefined ? { amount: spec.amount } : {}),
      ...(spec.maxOverallRequests !== undefined ? { maxOverallRequests: spec.maxOverallRequests } : {}),
      ...(spec.overallRate !== undefined ? { overallRate: spec.overallRate } : {}),
      timeout: spec.timeoutSec ?? 30,
      requests: spec.requests,
    });
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      lastResponse = process.hrtime.bigint();
      if (status >= 200 && status < 300) latencies.record(ms);
    });
    const result = await instance;
    // A run bound by a count (and one that ran out of requests early) ends with its last response; a
    // duration-bound one lasts its duration even when a rate cap let it idle.
    const answered = result['2xx'] + result.non2xx;
    const countBound = spec.amount !== undefined || (spec.maxOverallRequests !== undefined && answered >= spec.maxOverallRequests);
    const end = countBound ? lastResponse : process.hrtime.bigint();
    const elapsedSec = Math.max(1e-3, Number(end - started) / 1e9);
    const sorted = latencies.sorted();
    const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
    return {
      ok: result['2xx'],
      rps: result['2xx'] / elapsedSec,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      p999: percentile(sorted, 99.9),
      errors: result.non2xx + result.errors, // autocannon counts timeouts among its errors
      rssPeakMb: Math.max(rssPeakMb, rssMb()),
      elapsedSec,
      statusCodes,
    };
  } finally {
    clearInterval(sampler);
  }
}
