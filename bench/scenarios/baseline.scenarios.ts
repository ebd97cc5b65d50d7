// The ceilings, measured in the same run on the same machine: bare Fastify and bare NestJS returning the
// app's own responses from memory, and redis-benchmark GET of the key the Redis tier reads.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { AutocannonRequest } from 'autocannon';

import { ChildServer } from '../lib/child-server.js';
import { runRedisBenchmark } from '../lib/redis-benchmark.js';
import { measure, type PayloadName, type ScenarioResult } from '../lib/scenario.js';
import { JSON_HEADERS, type BenchContext, type CapturedPayload } from './bench-context.js';

const REGISTER_TS = fileURLToPath(new URL('../register-ts.mjs', import.meta.url));
const BASELINES = [
  { id: 'fastify', title: 'bare Fastify', script: fileURLToPath(new URL('../baselines/fastify-baseline.ts', import.meta.url)) },
  { id: 'nest', title: 'bare NestJS (Fastify adapter)', script: fileURLToPath(new URL('../baselines/nest-baseline.ts', import.meta.url)) },
] as const;
export type BaselineId = (typeof BASELINES)[number]['id'];

function baselineRequest(name: PayloadName, payload: CapturedPayload): AutocannonRequest[] {
  if (payload.method === 'GET') return [{ method: 'GET', path: `/p/${name}` }];
  return [{ method: 'POST', path: `/p/${name}`, headers: JSON_HEADERS, body: JSON.stringify(payload.request ?? {}) }];
}

export async function frameworkBaselines(ctx: BenchContext): Promise<ScenarioResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pp-bench-'));
  const file = join(dir, 'payloads.json');
  const captured = Object.entries(ctx.payloads) as [PayloadName, CapturedPayload][];
  writeFileSync(file, JSON.stringify(Object.fromEntries(captured.map(([name, p]) => [name, p.response]))));
  const results: ScenarioResult[] = [];
  try {
    for (const baseline of BASELINES) {
      const server = await ChildServer.start({
        name: baseline.title,
        args: ['--import', REGISTER_TS, '--disable-warning=ExperimentalWarning', baseline.script],
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', BASELINE_PAYLOADS: file },
        readyPath: '/ready',
      });
      try {
        for (const [name, payload] of captured) {
          const result = await measure({
            id: `${baseline.id}:${name}`,
            title: `${baseline.title} — ${payload.method} ${name} payload`,
            server,
            runs: ctx.config.runs,
            payload: name,
            spec: () => ({
              url: server.url,
              connections: ctx.config.connections,
              durationSec: ctx.config.baselineDurationSec,
              overallRate: ctx.config.overallRate,
              requests: baselineRequest(name, payload),
            }),
          });
          results.push(result);
        }
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/** redis-benchmark GET of the very key the Redis-tier scenario reads (the app's envelope for the word). */
export async function redisCeiling(ctx: BenchContext): Promise<ScenarioResult | undefined> {
  await ctx.apiNoL1.call('GET', `/api/v1/dictionary/${ctx.hotWord}`, { token: ctx.user.accessToken });
  const key = `${ctx.env.keyPrefix}dict:en:${ctx.hotWord}`;
  const redis = ctx.env.redis();
  let bytes: number;
  try {
    bytes = (await redis.strlen(key)) || 0;
  } finally {
    redis.disconnect();
  }
  if (bytes === 0) throw new Error(`redis ceiling: ${key} is not in Redis after a lookup through the L1-off instance`);
  return runRedisBenchmark({
    redisUrl: ctx.env.redisUrl,
    key,
    bytes,
    clients: ctx.config.connections,
    requests: ctx.config.redisBenchmarkRequests,
    runs: ctx.config.runs,
  });
}
