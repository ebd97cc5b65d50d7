// How long and how hard to push, from the environment. `npm run bench` is the full run (several runs per
// scenario, under 5 minutes); `npm run bench:smoke` (BENCH_SMOKE=1) is one ~1 s run per scenario with no
// warm-up: it proves the script works, its numbers are not measurements.
import { fileURLToPath } from 'node:url';

export interface BenchConfig {
  smoke: boolean;
  /** Runs per scenario; the median is reported with the min–max spread. */
  runs: number;
  /** Seconds per run for the app's scenarios (whole seconds: wrk's unit). */
  durationSec: number;
  /** Seconds per run for the baselines (quick and steady). */
  baselineDurationSec: number;
  /** Seconds per run where each request waits for Gemini (~1.5 s): enough for a few waves. */
  slowDurationSec: number;
  /** Unmeasured seconds before each scenario's runs (JIT, connection pools). */
  warmupSec: number;
  /** Seconds of Zipf traffic before its measured runs. */
  zipfWarmupSec: number;
  /** Concurrent connections for the throughput scenarios (the targets are stated at 50). */
  connections: number;
  /** Offered load of the paced latency scenarios: the 50 connections together, with think time (wrk only). */
  pacedRps: number;
  /** Login is argon2 (19 MiB, 2 passes) per request: a few connections already saturate the cores. */
  loginConnections: number;
  /** Clients asking for one cold word at once. */
  coldClients: number;
  /** `redis-benchmark -n`. */
  redisBenchmarkRequests: number;
  /** Words stored in PostgreSQL before the first scenario (the PostgreSQL-tier walk uses them all). */
  seedWords: number;
  /** The Zipf population: the first this-many seeded words. */
  zipfWords: number;
  /** Length of the precomputed Zipf request stream (continued across warm-up and runs, never replayed). */
  zipfStream: number;
  /** Distinct users (own token and session each) of the many-users scenarios. */
  users: number;
  /** The build to measure: `dist/main.js`, or BENCH_APP_ENTRY (another checkout's build, to compare). */
  appEntry: string;
  /** 'wrk' or 'autocannon' to force one; default: wrk when installed. */
  generator?: string;
  resultsDir: string;
  /**
   * BENCH_ONLY=traffic: only the many-users scenarios (and the baselines their ratios need), for a quick
   * A/B of the hot path (~2 min); BENCH_ONLY=checker: only the local-checker burst (~1 min). The report is
   * partial.
   */
  only?: 'traffic' | 'checker';
  /** `--cpu-prof` on the L1 instance; a summary by package lands in the results. */
  profile: boolean;
  /** LOG_LEVEL of the instances: production's default (`info`, one line per request) unless overridden. */
  logLevel: string;
  adminDatabaseUrl: string;
  redisUrl: string;
}

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function num(env: NodeJS.ProcessEnv, name: string, fallback: number, integer = false): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`${name} must be a ${integer ? 'whole ' : ''}number ≥ 0, got "${raw}"`);
  }
  return value;
}

const flag = (value: string | undefined): boolean =>
  ['1', 'true', 'yes'].includes((value ?? '').toLowerCase());

function onlyFromEnv(raw: string | undefined): BenchConfig['only'] {
  if (!raw) return undefined;
  if (raw === 'traffic' || raw === 'checker') return raw;
  throw new Error(`BENCH_ONLY must be "traffic" or "checker" (or unset), got "${raw}"`);
}

export function benchConfigFromEnv(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const smoke = flag(env.BENCH_SMOKE);
  const seedWords = num(env, 'BENCH_SEED_WORDS', smoke ? 3_000 : 20_000, true);
  return {
    smoke,
    runs: Math.max(1, num(env, 'BENCH_RUNS', smoke ? 1 : 3, true)),
    durationSec: Math.max(1, num(env, 'BENCH_DURATION', smoke ? 1 : 3, true)),
    baselineDurationSec: Math.max(1, num(env, 'BENCH_BASELINE_DURATION', smoke ? 1 : 2, true)),
    // A slow scenario waits ~1.5 s for the fake Gemini: the smoke run gives it room for answers on a busy machine.
    slowDurationSec: Math.max(2, num(env, 'BENCH_SLOW_DURATION', 4, true)),
    warmupSec: num(env, 'BENCH_WARMUP', smoke ? 0 : 1, true),
    zipfWarmupSec: Math.max(1, num(env, 'BENCH_ZIPF_WARMUP', smoke ? 1 : 20, true)),
    connections: Math.max(1, num(env, 'BENCH_CONNECTIONS', 50, true)),
    pacedRps: Math.max(1, num(env, 'BENCH_PACED_RPS', 1_000)),
    loginConnections: Math.max(1, num(env, 'BENCH_LOGIN_CONNECTIONS', 8, true)),
    coldClients: Math.max(1, num(env, 'BENCH_COLD_CLIENTS', 100, true)),
    redisBenchmarkRequests: Math.max(1, num(env, 'BENCH_REDIS_REQUESTS', smoke ? 5_000 : 200_000, true)),
    seedWords,
    zipfWords: Math.min(seedWords, num(env, 'BENCH_ZIPF_WORDS', 10_000, true)),
    zipfStream: num(env, 'BENCH_ZIPF_STREAM', smoke ? 50_000 : 600_000, true),
    users: Math.max(1, num(env, 'BENCH_USERS', smoke ? 20 : 1_000, true)),
    appEntry: env.BENCH_APP_ENTRY || `${REPO_ROOT}dist/main.js`,
    generator: env.BENCH_GENERATOR || undefined,
    resultsDir:
      env.BENCH_RESULTS_DIR || (smoke ? `${REPO_ROOT}bench/results/smoke` : `${REPO_ROOT}bench/results`),
    only: onlyFromEnv(env.BENCH_ONLY),
    profile: flag(env.BENCH_PROFILE),
    logLevel: env.BENCH_LOG_LEVEL || 'info',
    adminDatabaseUrl:
      env.BENCH_PG_ADMIN_URL || env.TEST_PG_ADMIN_URL || 'postgresql://postgres@127.0.0.1:5432/postgres',
    redisUrl: env.BENCH_REDIS_URL || env.TEST_REDIS_URL || 'redis://127.0.0.1:6379',
  };
}
