// How long and how hard to push, from the environment. `npm run bench` is the full run (several runs per
// scenario, under 5 minutes); `npm run bench:smoke` (BENCH_SMOKE=1) is a ~1 s-per-scenario check that the
// script still works, rate-capped so it does not starve the other tests CI runs beside it.
import { fileURLToPath } from 'node:url';

export interface BenchConfig {
  smoke: boolean;
  /** Runs per scenario; the median is reported with the min–max spread. */
  runs: number;
  /** Seconds per run for the app's scenarios. */
  durationSec: number;
  /** Seconds per run for the baselines (quick and steady). */
  baselineDurationSec: number;
  /** Seconds per run where each request waits for Gemini (~1.5 s): enough for a few waves. */
  slowDurationSec: number;
  /** Seconds of Zipf traffic before the measured runs. */
  zipfWarmupSec: number;
  /** Concurrent connections for the throughput scenarios (the targets are stated at 50). */
  connections: number;
  /** Login is argon2 (19 MiB, 2 passes) per request: a few connections already saturate the cores. */
  loginConnections: number;
  /** Clients asking for one cold word at once. */
  coldClients: number;
  /** `redis-benchmark -n`. */
  redisBenchmarkRequests: number;
  /** Requests per second cap (smoke only). */
  overallRate?: number;
  /** Words in the dictionary's PostgreSQL table and in the Zipf population. */
  wordCount: number;
  resultsDir: string;
  /** `--cpu-prof` on the L1 instance; a summary by package lands in the results. */
  profile: boolean;
  /** LOG_LEVEL of the instances: production's default (`info`, one line per request) unless overridden. */
  logLevel: string;
  adminDatabaseUrl: string;
  redisUrl: string;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function num(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

export function benchConfigFromEnv(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const smoke = ['1', 'true', 'yes'].includes((env.BENCH_SMOKE ?? '').toLowerCase());
  const duration = num(env, 'BENCH_DURATION', smoke ? 1 : 3);
  return {
    smoke,
    runs: num(env, 'BENCH_RUNS', smoke ? 1 : 3),
    durationSec: duration,
    baselineDurationSec: num(env, 'BENCH_BASELINE_DURATION', smoke ? 0.5 : 2),
    slowDurationSec: num(env, 'BENCH_SLOW_DURATION', smoke ? 2 : 4),
    zipfWarmupSec: num(env, 'BENCH_ZIPF_WARMUP', smoke ? 1 : 10),
    connections: num(env, 'BENCH_CONNECTIONS', 50),
    loginConnections: num(env, 'BENCH_LOGIN_CONNECTIONS', 8),
    coldClients: num(env, 'BENCH_COLD_CLIENTS', 100),
    redisBenchmarkRequests: num(env, 'BENCH_REDIS_REQUESTS', smoke ? 5_000 : 100_000),
    overallRate: smoke ? num(env, 'BENCH_SMOKE_RATE', 300) : undefined,
    wordCount: num(env, 'BENCH_WORDS', 10_000),
    resultsDir: env.BENCH_RESULTS_DIR || (smoke ? `${REPO_ROOT}bench/results/smoke` : `${REPO_ROOT}bench/results`),
    profile: ['1', 'true', 'yes'].includes((env.BENCH_PROFILE ?? '').toLowerCase()),
    logLevel: env.BENCH_LOG_LEVEL || 'info',
    adminDatabaseUrl: env.BENCH_PG_ADMIN_URL || env.TEST_PG_ADMIN_URL || 'postgresql://postgres@127.0.0.1:5432/postgres',
    redisUrl: env.BENCH_REDIS_URL || env.TEST_REDIS_URL || 'redis://127.0.0.1:6379',
  };
}

export { REPO_ROOT };
