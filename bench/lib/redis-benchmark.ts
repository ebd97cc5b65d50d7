// Redis ceiling: `redis-benchmark` (Debian's redis-tools) GETting one preset key at the same concurrency,
// parsed from its --csv output. It reports p50/p99 but no p99.9.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import type { RunResult } from './load-types.js';
import { log, type ScenarioResult } from './scenario.js';

const run = promisify(execFile);

export interface RedisBenchmarkOptions {
  redisUrl: string;
  key: string;
  /** Size of the value, for the title. */
  bytes: number;
  clients: number;
  requests: number;
  runs: number;
}

/** Parses `"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"`. */
export function parseRedisBenchmarkCsv(csv: string): { rps: number; p50: number; p99: number } {
  const rows = csv
    .trim()
    .split('\n')
    .map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '')));
  const header = rows[0] ?? [];
  const data = rows[1];
  if (!data) throw new Error(`redis-benchmark printed no result:\n${csv}`);
  const cell = (name: string): number => Number(data[header.indexOf(name)]);
  return { rps: cell('rps'), p50: cell('p50_latency_ms'), p99: cell('p99_latency_ms') };
}

export async function runRedisBenchmark(options: RedisBenchmarkOptions): Promise<ScenarioResult | undefined> {
  const url = new URL(options.redisUrl);
  const args = [
    '-h',
    url.hostname,
    '-p',
    url.port || '6379',
    '-c',
    String(options.clients),
    '-n',
    String(options.requests),
    '--csv',
  ];
  if (url.password) args.push('-a', decodeURIComponent(url.password), '--no-auth-warning');
  if (url.pathname.length > 1) args.push('--dbnum', url.pathname.slice(1));
  const result: ScenarioResult = {
    id: 'redis-benchmark:get',
    title: `redis-benchmark GET of the same ${options.bytes}-byte value`,
    server: 'redis-server (shared)',
    connections: options.clients,
    generator: 'redis-benchmark',
    runs: [],
    payload: 'entry',
    notes: [],
  };
  for (let i = 0; i < options.runs; i++) {
    let stdout: string;
    try {
      ({ stdout } = await run('redis-benchmark', [...args, 'GET', options.key], { timeout: 120_000 }));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        log(
          'redis-benchmark is not installed (Debian: apt-get install redis-tools): no Redis ceiling in this run',
        );
        return undefined;
      }
      throw err;
    }
    const parsed = parseRedisBenchmarkCsv(stdout);
    const outcome: RunResult = {
      generator: 'redis-benchmark',
      ok: options.requests,
      rps: parsed.rps,
      p50: parsed.p50,
      p99: parsed.p99,
      p999: Number.NaN,
      errors: 0,
      rssPeakMb: Number.NaN,
      elapsedSec: options.requests / parsed.rps,
      statusCodes: {},
      sent: options.requests,
    };
    result.runs.push(outcome);
    log(
      `redis-benchmark run ${i + 1}/${options.runs}: ${Math.round(parsed.rps)} req/s, p50 ${parsed.p50} ms, p99 ${parsed.p99} ms`,
    );
  }
  result.notes.push(
    `redis-benchmark -c ${options.clients} -n ${options.requests} GET <the Redis tier's key>; reports no p99.9`,
  );
  return result;
}
