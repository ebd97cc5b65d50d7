// The production build under test: `node dist/main.js` with NODE_ENV=production against the throwaway
// database and key prefix, the fake upstreams, and rate limits lifted so they do not shape the numbers.
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

import type { BenchConfig } from './bench-config.js';
import type { BenchEnvironment } from './bench-environment.js';
import { ChildServer } from './child-server.js';

/** Fake Gemini's expected key (any non-empty value enables the Gemini provider). */
export const BENCH_GEMINI_KEY = 'bench-gemini-key';
/** Far above anything a 5-minute run can spend, so no limiter or budget answers instead of the app. */
const UNLIMITED = '1000000000';

export interface Upstreams {
  dictionaryUrl: string;
  geminiUrl: string;
}

/** One secret per run: real (48 random bytes), never a placeholder, which production mode would refuse. */
const JWT_SECRET = randomBytes(48).toString('base64');

export function assertBuilt(config: BenchConfig): void {
  if (!existsSync(config.appEntry)) {
    throw new Error(
      `${config.appEntry} does not exist: the benchmark measures the production build. Run \`npm run build\` first.`,
    );
  }
}

export function productionEnv(
  config: BenchConfig,
  env: BenchEnvironment,
  upstreams: Upstreams,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    LOG_LEVEL: config.logLevel,
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: env.redisUrl,
    REDIS_KEY_PREFIX: env.keyPrefix,
    AUTH_JWT_SECRET: JWT_SECRET,
    // Required in production; the bench scrapes /metrics only for the heap figures (`memoryBreakdown`).
    METRICS_TOKEN: BENCH_METRICS_TOKEN,
    DICTIONARY_API_URL: upstreams.dictionaryUrl,
    GEMINI_BASE_URL: upstreams.geminiUrl,
    GEMINI_API_KEY: BENCH_GEMINI_KEY,
    LLM_DAILY_TOKEN_BUDGET: UNLIMITED,
    RATE_LIMIT_DEFAULT_LIMIT: UNLIMITED,
    RATE_LIMIT_AUTH_IP_LIMIT: UNLIMITED,
    RATE_LIMIT_AUTH_EMAIL_LIMIT: UNLIMITED,
    RATE_LIMIT_LLM_LIMIT: UNLIMITED,
    RATE_LIMIT_DICTIONARY_LIMIT: UNLIMITED,
    RATE_LIMIT_ADMIN_LIMIT: UNLIMITED,
    ...SERVICE_ENV,
    // BENCH_APP_ENV="K=V K2=V2": extra environment for the instances, e.g. an allocator setting to A/B.
    ...Object.fromEntries(
      (process.env.BENCH_APP_ENV?.split(/\s+/).filter(Boolean) ?? []).map((pair) => {
        const at = pair.indexOf('=');
        return [pair.slice(0, at), pair.slice(at + 1)];
      }),
    ),
    ...overrides,
  };
}

/**
 * The Node flags the service runs with: `npm start`, the image's CMD and the Kubernetes Deployment pass the
 * same (checked by `test/integration/deploy/dockerfile-lint.int.spec.ts` and `kubernetes.int.spec.ts`), so the
 * bench measures what ships.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=16', '--expose-gc'];

/**
 * The environment the service runs with beside its own configuration, set where the flags are (and
 * checked by the same tests): glibc's mmap threshold fixed at its default, 128 KB. Left to itself glibc
 * raises the threshold to the size of any large block freed (up to 32 MB), and from then on large blocks —
 * WebAssembly modules' bytes, compilers' scratch — come from malloc's heaps and stay resident there. Fixed,
 * they are mapped on their own and returned when freed: embedded mode after local corrections 819–928 →
 * 618–627 MB (`bench/results/2026-12-03-malloc-threshold.md`). `BENCH_APP_ENV="GLIBC_TUNABLES="` measures
 * without it.
 */
export const SERVICE_ENV: Readonly<Record<string, string>> = {
  GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=131072',
};

/**
 * BENCH_NODE_OPTIONS: Node/V8 flags for the instances instead of the service's own (e.g. a GC setting to
 * A/B; "" for none), given on the command line: NODE_OPTIONS refuses most V8 flags.
 */
export function nodeFlagsOfInstances(): string[] {
  return process.env.BENCH_NODE_OPTIONS?.split(/\s+/).filter(Boolean) ?? [...SERVICE_NODE_FLAGS];
}

export const BENCH_METRICS_TOKEN = 'bench-metrics-token-not-a-secret';

export async function startApp(
  name: string,
  entry: string,
  config: BenchConfig,
  env: BenchEnvironment,
  upstreams: Upstreams,
  overrides: Record<string, string> = {},
  profileDir?: string,
): Promise<ChildServer> {
  const flags = nodeFlagsOfInstances();
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    flags.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  }
  return ChildServer.start({
    name,
    args: [...flags, entry],
    env: productionEnv(config, env, upstreams, overrides),
    readyPath: '/health/ready',
  });
}

/**
 * A private copy of the build the entry belongs to (its folder, package.json for the `#src/*` imports,
 * links to node_modules and prisma), so that a rebuild of dist/ by someone else during the run — `npm test`
 * rebuilds when src/ changed — cannot swap or delete code under the running instances. Returns the copy's
 * entry and a function that removes it.
 */
export function snapshotBuild(appEntry: string): { entry: string; remove: () => Promise<void> } {
  const buildDir = dirname(appEntry);
  const root = dirname(buildDir);
  const copy = mkdtempSync(join(tmpdir(), 'pp-bench-build-'));
  cpSync(buildDir, join(copy, basename(buildDir)), { recursive: true });
  copyFileSync(join(root, 'package.json'), join(copy, 'package.json'));
  for (const link of ['node_modules', 'prisma'])
    if (existsSync(join(root, link))) symlinkSync(join(root, link), join(copy, link));
  return {
    entry: join(copy, basename(buildDir), basename(appEntry)),
    remove: async () => rmSync(copy, { recursive: true, force: true }),
  };
}
