// Memory: what one instance holds idle and after real use, with PostgreSQL and Redis and in embedded mode.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ApiClient } from '../lib/api-client.js';
import {
  BENCH_METRICS_TOKEN,
  nodeFlagsOfInstances,
  productionEnv,
  type Upstreams,
} from '../lib/app-instances.js';
import { ChildServer } from '../lib/child-server.js';
import { log } from '../lib/scenario.js';
import type { BenchContext } from './bench-context.js';

export interface Footprint {
  label: string;
  rssMb: number;
  /** What the process reports of it on /metrics: V8's heap (allocated and used) and memory outside it. */
  heap?: { totalMb: number; usedMb: number; externalMb: number };
  /** Resident memory by kind of mapping (`/proc/<pid>/smaps`): malloc's brk heap, other anonymous, files. */
  mappings?: { mallocMb: number; anonymousMb: number; fileMb: number };
  /** The local checker's worker threads alive (`local_checker_threads`): ~360 MB each while they live. */
  checkerThreads?: number;
}

/** Sums each mapping's `Rss:` by what backs it: `[heap]` (glibc malloc), anonymous memory, files. */
function residentByMapping(pid: number): Footprint['mappings'] {
  const out = { mallocMb: 0, anonymousMb: 0, fileMb: 0 };
  let kind: keyof typeof out = 'anonymousMb';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      const name = header[1];
      kind = name === '[heap]' ? 'mallocMb' : name.startsWith('/') ? 'fileMb' : 'anonymousMb';
    } else if (line.startsWith('Rss:')) out[kind] += Number(line.split(/\s+/)[1]) / 1024;
  }
  return out;
}

const GAUGES = {
  totalMb: 'nodejs_heap_size_total_bytes',
  usedMb: 'nodejs_heap_size_used_bytes',
  externalMb: 'nodejs_external_memory_bytes',
} as const;

/**
 * Waits until the instance's RSS holds still (two samples a second apart within 2 MB, at most 15 s): what
 * start-up used and frees a moment after readiness does not count as idle. Embedded mode builds its
 * database in a thread that exits around the time the service turns ready: sampled at readiness, the same
 * build measured 550–772 MB, five seconds later 332–348 MB (2026-12-03).
 */
export async function settled(app: ChildServer): Promise<void> {
  let last = app.rssMb();
  for (let waited = 0; waited < 15_000; waited += 1_000) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = app.rssMb();
    if (Math.abs(now - last) < 2) return;
    last = now;
  }
}

/** The instance's /metrics text, or undefined when it does not answer. */
async function scrape(app: ChildServer): Promise<string | undefined> {
  const res = await fetch(`${app.url}/metrics`, {
    headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` },
    signal: AbortSignal.timeout(5_000),
  }).catch(() => undefined);
  return res?.ok ? res.text() : undefined;
}

/** An unlabelled sample's value in Prometheus text (NaN when absent). */
function sample(text: string | undefined, name: string): number {
  return Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text ?? '')?.[1] ?? NaN);
}

/** An instance's RSS with its heap figures from /metrics, to tell V8's heap from native memory. */
export async function memoryBreakdown(label: string, app: ChildServer): Promise<Footprint> {
  const rssMb = app.rssMb();
  const mappings = residentByMapping(app.pid);
  const text = await scrape(app);
  // The memory figures still count without the heap's (an instance whose /metrics did not answer).
  if (text === undefined) return { label, rssMb, mappings };
  const mb = (name: string) => sample(text, name) / 2 ** 20;
  const heap = { totalMb: mb(GAUGES.totalMb), usedMb: mb(GAUGES.usedMb), externalMb: mb(GAUGES.externalMb) };
  return { label, rssMb, mappings, heap, checkerThreads: sample(text, 'local_checker_threads') };
}

/** The service's default MEMORY_TRIM_IDLE_SECONDS (30), two intervals (the first may still hold the last run) and a margin. */
const IDLE_TRIM_WAIT_MS = 75_000;
const idleTrims = async (app: ChildServer) => sample(await scrape(app), 'process_idle_memory_trims_total');
const rssBytes = (pid: number) =>
  Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;

/**
 * The instance's memory once it has been left idle: waits until its idle trim (`IdleMemoryTrim`) has run
 * after the last request, or `IDLE_TRIM_WAIT_MS`. It watches the process's RSS in /proc for the trim's
 * drop and scrapes /metrics only to confirm it: a scrape every 2 s, as this did until 2026-12-04, cost the
 * loop of an instance after the bench ~0.3–0.5 % of its time, which with the service's own ~0.3–0.5 % at
 * idle put it at the trim's 1 % threshold, so the trim ran in some runs and not in others
 * (`results/2026-12-04-idle-trim-wait.md`). A real scraper calls every 15–60 s.
 */
export async function idleFootprint(label: string, app: ChildServer): Promise<Footprint> {
  const before = await idleTrims(app);
  const started = Date.now();
  let lowest = rssBytes(app.pid);
  let trimmed = false;
  while (!trimmed && Date.now() - started < IDLE_TRIM_WAIT_MS) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const rss = rssBytes(app.pid);
    // A trim returns tens of MB at once; anything smaller is not worth a scrape.
    if (rss < lowest - 16 * 2 ** 20) trimmed = (await idleTrims(app)) > before;
    lowest = Math.min(lowest, rss);
  }
  const waited = Math.round((Date.now() - started) / 1_000);
  trimmed ||= (await idleTrims(app)) > before;
  return memoryBreakdown(
    `${label}, ${trimmed ? `trimmed once idle (${waited} s later)` : `idle ${waited} s, no trim`}`,
    app,
  );
}

/**
 * An embedded-mode instance (PGlite, in-process cache and bus, no Redis) of the same build: RSS after
 * start-up, then after 50 lookups and 5 local corrections (the worker pool starts on the first).
 */
export async function embeddedFootprint(
  ctx: BenchContext,
  entry: string,
  upstreams: Upstreams,
): Promise<Footprint[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pp-bench-embedded-'));
  const env = productionEnv(ctx.config, ctx.env, upstreams, {
    ALLOW_EMBEDDED_IN_PRODUCTION: 'true',
    DATA_DIR: dataDir,
  });
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const app = await ChildServer.start({
    name: 'embedded',
    args: [...nodeFlagsOfInstances(), entry],
    env,
    readyPath: '/health/ready',
  });
  try {
    await settled(app);
    const idle = await memoryBreakdown('embedded mode, idle after start-up', app);
    const api = new ApiClient(app.url);
    const user = await api.register();
    for (const word of ctx.words.slice(0, 50))
      await api.call('GET', `/api/v1/dictionary/${encodeURIComponent(word)}`, { token: user.accessToken });
    await api.call('PATCH', '/api/v1/settings', { token: user.accessToken, json: { llmEnabled: false } });
    for (let i = 0; i < 5; i++)
      await api.call('POST', '/api/v1/llm/correct', {
        token: user.accessToken,
        json: { text: `Draft ${i}: I will recieve teh parcel tomorrow. It is a example of the problem.` },
      });
    const used = await memoryBreakdown('embedded mode, after 50 lookups and 5 local corrections', app);
    log(
      `embedded: RSS ${Math.round(idle.rssMb)} MB idle, ${Math.round(used.rssMb)} MB after lookups and local corrections`,
    );
    return [idle, used];
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
