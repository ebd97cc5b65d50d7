import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TABLE_HEADER } from '../../../bench/lib/report.js';
import { PG_ADMIN_URL } from '../../helpers/postgres.js';
import { TEST_REDIS_URL } from '../../helpers/redis.js';

// Keeps `npm run bench` working: runs its smoke mode (about a second per scenario, rate-capped) as a user
// would, and checks the results file it writes. Benchmarks are ratios read by people, so nothing here
// judges a number: only that every scenario ran, answered without errors, and landed in a sound table.

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
function installed(command: string): boolean {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT'; // wrk --version exits 1
  }
}

/** In the order the report lists them. */
const APP_SCENARIOS = [
  'dict-get-redis-many-users',
  'dict-get-redis-many-users-paced',
  'dict-get-l1-many-users',
  'dict-get-l1-many-users-paced',
  'dict-get-during-checker-burst-paced',
  'dict-get-l1',
  'dict-get-redis',
  'dict-get-redis-paced',
  'dict-get-postgres',
  'dict-get-cold',
  'dict-batch-100',
  'correct-unchanged',
  'correct-unchanged-paced',
  'correct-one-changed',
  'settings-get',
  'auth-login',
  'auth-refresh',
  'dict-zipf',
];
/** Rows without a bare-server ratio: bound by an upstream's latency, or paced rather than saturated. */
const NO_RATIO = /^(dict-get-cold|correct-one-changed|.*-paced)$/;
const PAYLOADS = ['entry', 'batch', 'correct', 'settings', 'auth'];

/** The rows of the first table under `## <heading>`, as trimmed cells (header first). */
function tableUnder(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) return [];
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    if (!line.startsWith('|')) {
      if (rows.length) break;
      continue;
    }
    rows.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

const idOf = (row: string[]): string | undefined => /`([^`]+)`$/.exec(row[0] ?? '')?.[1];

describe('npm run bench:smoke', () => {
  let resultsDir: string;
  let exit: { code: number | null; stderr: string };
  let latest: string;

  beforeAll(async () => {
    // The bench runs without them (autocannon instead of wrk, no Redis ceiling), with fewer rows; `npm test`
    // installs both (scripts/ensure-services.sh), so a missing one is a broken set-up, not a reason to check less.
    for (const tool of ['wrk', 'redis-benchmark'])
      expect(installed(tool), `${tool} is not installed: run scripts/ensure-services.sh`).toBe(true);
    resultsDir = mkdtempSync(join(tmpdir(), 'pp-bench-smoke-'));
    exit = await new Promise((resolve) => {
      const child = execFile(
        'npm',
        ['run', '--silent', 'bench:smoke'],
        {
          cwd: REPO_ROOT,
          env: {
            ...process.env,
            BENCH_RESULTS_DIR: resultsDir,
            BENCH_PG_ADMIN_URL: PG_ADMIN_URL,
            BENCH_REDIS_URL: TEST_REDIS_URL,
          },
          timeout: 170_000,
          maxBuffer: 16 * 1024 * 1024,
        },
        (_err, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
      );
    });
    latest = readFileSync(join(resultsDir, 'latest.md'), 'utf8');
  }, 180_000);

  afterAll(() => rmSync(resultsDir, { recursive: true, force: true }));

  it('completes and writes the dated results file and latest.md with the same content', () => {
    expect(exit.code, exit.stderr.slice(-3_000)).toBe(0);
    const files = readdirSync(resultsDir).filter((f) => f.endsWith('.md'));
    const dated = files.find((f) => /^\d{4}-\d{2}-\d{2}-\d{4}\.md$/.test(f));
    expect(dated, files.join(', ')).toBeDefined();
    expect(readFileSync(join(resultsDir, dated!), 'utf8')).toBe(latest);
    expect(latest).toMatch(/^# Benchmark results — /);
    expect(latest).toContain('**Smoke run**');
  });

  it('has one well-formed row per scenario, each answered without errors', () => {
    const [header, separator, ...rows] = tableUnder(latest, 'Scenarios');
    expect(header).toEqual(TABLE_HEADER);
    expect(separator).toEqual(TABLE_HEADER.map(() => '---'));
    expect(rows.map(idOf)).toEqual(APP_SCENARIOS);
    const col = (name: string): number => TABLE_HEADER.indexOf(name);
    for (const row of rows) {
      expect(row, idOf(row)).toHaveLength(TABLE_HEADER.length);
      expect(row[col('req/s')], idOf(row)).toMatch(/^[\d,]+$/);
      expect(row[col('p99 ms')], idOf(row)).toMatch(/^\d+(\.\d+)?$/);
      expect(row[col('Errors')], `${idOf(row)} answered with errors`).toBe('0');
      expect(row[col('RSS MB')], idOf(row)).toMatch(/^\d+$/);
    }
    // Every scenario with a baseline payload shows its ratio to both bare servers.
    const withRatio = rows.filter((r) => !NO_RATIO.test(idOf(r) ?? ''));
    for (const row of withRatio) {
      expect(row[col('vs bare Nest')], idOf(row)).toMatch(/^\d+%$/);
      expect(row[col('vs bare Fastify')], idOf(row)).toMatch(/^\d+%$/);
    }
  });

  it('measured the ceilings in the same run: bare Fastify and bare NestJS per payload, and redis-benchmark', () => {
    const [header, , ...rows] = tableUnder(latest, 'Ceilings (same run, same machine)');
    expect(header).toEqual(TABLE_HEADER);
    // With wrk, refresh (token chains) is measured by autocannon: its payload gets an autocannon baseline too;
    // and the paced many-users stream is replayed against each bare server, the paced targets' floor.
    const rowsOf = (framework: string): string[] => [
      ...PAYLOADS.map((p) => `${framework}:${p}`),
      `${framework}:auth@autocannon`,
      `${framework}:entry-many-users-paced`,
    ];
    const expected = [...rowsOf('fastify'), ...rowsOf('nest'), 'redis-benchmark:get'];
    expect(rows.map(idOf)).toEqual(expected);
    for (const row of rows) expect(row[TABLE_HEADER.indexOf('Errors')], idOf(row)).toBe('0');
  });

  it('reports the targets and what was measured alongside (upstream and Gemini calls, hit rates)', () => {
    const targets = tableUnder(latest, 'Targets (reported, never asserted)');
    expect(targets[0]).toEqual(['Target', 'Measured', 'Met']);
    expect(targets.length).toBeGreaterThanOrEqual(7);
    expect(latest).toMatch(/`dict-get-cold`: upstream .* calls per cold word: \d+/);
    expect(latest).toMatch(
      /`correct-one-changed`: Gemini .* calls per answered request: \d\.\d\d \(\d+ calls for \d+ answered requests/,
    );
    expect(latest).toMatch(/`dict-zipf`: hit rate after .* L1 [\d.]+% of \d+ answered lookups/);
    expect(latest).toMatch(/`dict-get-postgres`: answered by PostgreSQL: [\d.]+% of \d+ answered lookups/);
    // What a request cost each server's CPU, the app's scenarios and the bare servers alike.
    for (const id of ['dict-get-redis', 'dict-get-l1', 'nest:entry', 'fastify:entry'])
      expect(latest).toMatch(
        new RegExp(`\`${id}\`: .*'s CPU per request: \\d+ µs on its main thread, \\d+ µs in all`),
      );
    expect(latest).toMatch(/`dict-get-l1-many-users`: answered by L1 [\d.]+ %, Redis [\d.]+ %/);
    expect(latest).toMatch(
      /`dict-get-during-checker-burst-paced`: local checker during the runs: \d+ texts of 10 KB checked/,
    );
    // The memory section: both instances idle and after the run (the embedded instance: full runs only).
    const memory = tableUnder(latest, 'Memory (RSS)').filter((row) => row[0] !== '---');
    expect(memory.map((row) => row[0])).toEqual([
      'instance',
      'app A (L1 on), idle after start-up, with PostgreSQL and Redis',
      'app B (L1 off), idle after start-up, with PostgreSQL and Redis',
      'app A after every scenario',
      'app B after every scenario',
    ]);
  });
});
