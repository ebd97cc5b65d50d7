// Memory: what one instance holds idle and after real use, with PostgreSQL and Redis and in embedded mode.
import { mkdtempSync, rmSync } from 'node:fs';
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
}

const GAUGES = {
  totalMb: 'nodejs_heap_size_total_bytes',
  usedMb: 'nodejs_heap_size_used_bytes',
  externalMb: 'nodejs_external_memory_bytes',
} as const;

/** An instance's RSS with its heap figures from /metrics, to tell V8's heap from native memory. */
export async function memoryBreakdown(label: string, app: ChildServer): Promise<Footprint> {
  const rssMb = app.rssMb();
  const res = await fetch(`${app.url}/metrics`, {
    headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` },
  });
  const text = await res.text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
  return {
    label,
    rssMb,
    heap: {
      totalMb: read(GAUGES.totalMb),
      usedMb: read(GAUGES.usedMb),
      externalMb: read(GAUGES.externalMb),
    },
  };
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
    const idle = app.rssMb();
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
    const used = app.rssMb();
    log(
      `embedded: RSS ${Math.round(idle)} MB idle, ${Math.round(used)} MB after lookups and local corrections`,
    );
    return [
      { label: 'embedded mode, idle after start-up', rssMb: idle },
      { label: 'embedded mode, after 50 lookups and 5 local corrections', rssMb: used },
    ];
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
