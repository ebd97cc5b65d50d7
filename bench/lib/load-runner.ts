// One load run with autocannon, with latencies recorded at full resolution: autocannon's own histogram
// counts whole milliseconds, too coarse for an in-memory hit, so every response's hrtime duration is
// recorded here instead (same clock autocannon uses: request written → response complete).
import autocannon, { type AutocannonRequest } from 'autocannon';

import type { AutocannonLoad, HttpLoad, RunResult } from './load-types.js';
import { LatencyRecorder, percentile } from './stats.js';

const RSS_SAMPLE_MS = 200;

/** An `HttpLoad` as autocannon requests (the fallback when wrk is not installed). */
export function asAutocannon(load: HttpLoad, counter: { sent: number }): AutocannonLoad {
  const base: AutocannonRequest = {
    method: load.method,
    headers: load.headers,
    body: load.body,
    path: load.path,
  };
  const paths = load.paths;
  const request: AutocannonRequest = paths
    ? {
        ...base,
        setupRequest: (req) => ({
          ...req,
          path: paths.list[(paths.offset + counter.sent++) % paths.list.length],
        }),
      }
    : base;
  return {
    url: load.url,
    connections: load.connections,
    durationSec: load.durationSec,
    requests: [request],
    timeoutSec: load.timeoutSec,
  };
}

export async function runAutocannon(
  load: AutocannonLoad,
  rssMb: () => number,
  counter = { sent: 0 },
): Promise<RunResult> {
  const latencies = new LatencyRecorder();
  let rssPeakMb = rssMb();
  const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, rssMb())), RSS_SAMPLE_MS);
  const started = process.hrtime.bigint();
  let lastResponse = started;
  try {
    const instance = autocannon({
      url: load.url,
      connections: load.amount !== undefined ? Math.min(load.connections, load.amount) : load.connections,
      duration: load.durationSec,
      ...(load.amount !== undefined ? { amount: load.amount } : {}),
      timeout: load.timeoutSec ?? 30,
      requests: load.requests,
    });
    let answered = 0;
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      lastResponse = process.hrtime.bigint();
      answered++;
      if (status >= 200 && status < 300) latencies.record(ms);
    });
    const result = await instance;
    // A run bound by a count ends with its last response; a duration-bound one lasts its duration.
    const end = load.amount !== undefined ? lastResponse : process.hrtime.bigint();
    const elapsedSec = Math.max(1e-3, Number(end - started) / 1e9);
    const sorted = latencies.sorted();
    return {
      generator: 'autocannon',
      ok: result['2xx'],
      rps: result['2xx'] / elapsedSec,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      p999: percentile(sorted, 99.9),
      errors: result.non2xx + result.errors, // autocannon counts timeouts among its errors
      rssPeakMb: Math.max(rssPeakMb, rssMb()),
      elapsedSec,
      statusCodes: Object.fromEntries(
        Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
      ),
      sent: counter.sent || answered,
    };
  } finally {
    clearInterval(sampler);
  }
}
