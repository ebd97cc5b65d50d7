// The ceilings, measured in the same run on the same machine: bare Fastify and bare NestJS returning the
// app's own responses from memory, and redis-benchmark GET of the key the Redis tier reads.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ChildServer } from '../lib/child-server.js';
import { asAutocannon } from '../lib/load-runner.js';
import type { Generator, HttpLoad, RunResult } from '../lib/load-types.js';
import { runRedisBenchmark } from '../lib/redis-benchmark.js';
import { CpuDuringRuns, log, type PayloadName, type ScenarioResult } from '../lib/scenario.js';
import { type BenchContext, type CapturedPayload, JSON_HEADERS } from './bench-context.js';

const REGISTER_TS = fileURLToPath(new URL('../register-ts.mjs', import.meta.url));
const BASELINES = [
  {
    id: 'fastify',
    title: 'bare Fastify',
    script: fileURLToPath(new URL('../baselines/fastify-baseline.ts', import.meta.url)),
  },
  {
    id: 'nest',
    title: 'bare NestJS (Fastify adapter)',
    script: fileURLToPath(new URL('../baselines/nest-baseline.ts', import.meta.url)),
  },
] as const;

function baselineLoad(
  url: string,
  name: PayloadName,
  payload: CapturedPayload,
  connections: number,
  durationSec: number,
): HttpLoad {
  const load: HttpLoad = { url, connections, durationSec, method: payload.method, path: `/p/${name}` };
  return payload.method === 'GET'
    ? load
    : { ...load, headers: JSON_HEADERS, body: JSON.stringify(payload.request ?? {}) };
}

/** The id of a baseline row: `nest:entry`, or `nest:auth@autocannon` when not the run's main generator. */
export function baselineId(
  framework: string,
  payload: PayloadName,
  generator: Generator,
  main: Generator,
): string {
  return `${framework}:${payload}${generator === main ? '' : `@${generator}`}`;
}

/**
 * One row per bare server, each measured `runs` times, the servers alternating (Fastify, Nest, Fastify, …)
 * so a burst of load from elsewhere on a shared machine falls on both rather than on whichever ran then.
 */
async function sideBySide(
  ctx: BenchContext,
  servers: ChildServer[],
  row: (baseline: (typeof BASELINES)[number], server: ChildServer) => ScenarioResult,
  run: (server: ChildServer) => Promise<RunResult>,
): Promise<ScenarioResult[]> {
  const rows = BASELINES.map((baseline, i) => row(baseline, servers[i]!));
  const cpu = servers.map(() => new CpuDuringRuns());
  for (let r = 0; r < ctx.config.runs; r++) {
    for (const [i, server] of servers.entries()) {
      const outcome = await cpu[i]!.around(server, () => run(server));
      rows[i]!.runs.push(outcome);
      log(
        `${rows[i]!.id} run ${r + 1}/${ctx.config.runs} (${rows[i]!.generator}): ${Math.round(outcome.rps)} req/s, p99 ${outcome.p99.toFixed(2)} ms, errors ${outcome.errors}`,
      );
    }
  }
  rows.forEach((row, i) => {
    const note = cpu[i]!.note(row.server);
    if (note) row.notes.push(note);
  });
  return rows;
}

/**
 * The paced many-users stream replayed against the bare servers (every path answered with the entry
 * payload, the same Authorization headers sent): the latency floor this machine and load generator give a
 * server that does nothing, for the paced p99 targets.
 */
async function pacedBaselines(ctx: BenchContext, servers: ChildServer[]): Promise<ScenarioResult[]> {
  const { connections, durationSec, pacedRps } = ctx.config;
  const stream = ctx.manyUsersStream!;
  const paths = {
    list: stream.paths.map((path) => `/p/entry?w=${path.slice(path.lastIndexOf('/') + 1)}`),
    offset: 0,
    authorizations: stream.authorizations,
  };
  const thinkMs = (1000 * connections) / pacedRps;
  return sideBySide(
    ctx,
    servers,
    (baseline, server) => ({
      id: `${baseline.id}:entry-many-users-paced`,
      title: `${baseline.title} — GET entry payload, the many-users stream, paced: ${connections} clients ≈ ${pacedRps.toLocaleString('en')} req/s in all`,
      server: server.name,
      connections,
      generator: 'wrk',
      runs: [],
      notes: [],
    }),
    async (server) => {
      const outcome = await ctx.load.http(
        { url: server.url, connections, durationSec, method: 'GET', paths, thinkMs },
        server,
      );
      paths.offset += outcome.sent;
      return outcome;
    },
  );
}

/**
 * Bare Fastify and bare NestJS, each payload the scenarios compared against, with each generator they used
 * (both servers up side by side, their runs alternated: `sideBySide`), and the paced many-users stream.
 */
export async function frameworkBaselines(
  ctx: BenchContext,
  scenarios: ScenarioResult[],
): Promise<ScenarioResult[]> {
  const needed = new Map<string, { payload: PayloadName; generator: Generator }>();
  for (const s of scenarios) {
    if (s.payload && ctx.payloads[s.payload])
      needed.set(`${s.payload}@${s.generator}`, { payload: s.payload, generator: s.generator });
  }
  const dir = mkdtempSync(join(tmpdir(), 'pp-bench-'));
  const file = join(dir, 'payloads.json');
  writeFileSync(
    file,
    JSON.stringify(Object.fromEntries(Object.entries(ctx.payloads).map(([name, p]) => [name, p.response]))),
  );
  const servers: ChildServer[] = [];
  const results: ScenarioResult[] = [];
  const { connections, baselineDurationSec, warmupSec } = ctx.config;
  try {
    for (const baseline of BASELINES) {
      servers.push(
        await ChildServer.start({
          name: baseline.title,
          args: ['--import', REGISTER_TS, '--disable-warning=ExperimentalWarning', baseline.script],
          env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', BASELINE_PAYLOADS: file },
          readyPath: '/ready',
        }),
      );
    }
    for (const { payload: name, generator } of needed.values()) {
      const payload = ctx.payloads[name]!;
      const run = (server: ChildServer, durationSec: number): Promise<RunResult> => {
        const load = baselineLoad(server.url, name, payload, connections, durationSec);
        return generator === 'wrk'
          ? ctx.load.http(load, server)
          : ctx.load.autocannon(asAutocannon(load, { sent: 0 }), server);
      };
      if (warmupSec) for (const server of servers) await run(server, warmupSec);
      const rows = await sideBySide(
        ctx,
        servers,
        (baseline, server) => ({
          id: baselineId(baseline.id, name, generator, ctx.load.generator),
          title: `${baseline.title} — ${payload.method} ${name} payload`,
          server: server.name,
          connections,
          generator,
          runs: [],
          payload: name,
          notes: [],
        }),
        (server) => run(server, baselineDurationSec),
      );
      results.push(...rows);
    }
    if (ctx.load.paces && ctx.manyUsersStream) results.push(...(await pacedBaselines(ctx, servers)));
  } finally {
    for (const server of servers) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  // Fastify's rows first, then Nest's, as the report lists them.
  return BASELINES.flatMap((b) => results.filter((r) => r.id.startsWith(`${b.id}:`)));
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
  if (bytes === 0)
    throw new Error(`redis ceiling: ${key} is not in Redis after a lookup through the L1-off instance`);
  return runRedisBenchmark({
    redisUrl: ctx.env.redisUrl,
    key,
    bytes,
    clients: ctx.config.connections,
    requests: ctx.config.redisBenchmarkRequests,
    runs: ctx.config.runs,
  });
}
