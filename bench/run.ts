// `npm run bench` / `npm run bench:smoke`: the hot paths of the production build measured side by side with
// the framework and Redis ceilings. Needs `npm run build` first, and PostgreSQL + Redis on loopback (the
// same ones the tests use); borrows a throwaway database and key prefix, and gives both back.
import { join } from 'node:path';

import { FakeFreeDictionaryServer, syntheticWords } from '../test/fakes/free-dictionary.server.js';
import { FakeGeminiServer } from '../test/fakes/gemini.server.js';
import { correctionHandler } from '../test/fakes/gemini-correction.handler.js';
import { ApiClient } from './lib/api-client.js';
import {
  assertBuilt,
  BENCH_GEMINI_KEY,
  nodeFlagsOfInstances,
  snapshotBuild,
  startApp,
} from './lib/app-instances.js';
import { type BenchConfig, benchConfigFromEnv } from './lib/bench-config.js';
import { BenchEnvironment } from './lib/bench-environment.js';
import { profileOf, summarizeProfile } from './lib/cpu-profile.js';
import { seedDictionary } from './lib/dictionary-seed.js';
import { LoadDriver } from './lib/load-driver.js';
import { describeBuild, describeMachine, loadAverage } from './lib/machine.js';
import { renderReport, writeReport } from './lib/report.js';
import { log, type ScenarioResult } from './lib/scenario.js';
import { checkTargets, type ZipfFacts } from './lib/targets.js';
import { login, refresh, settingsGet } from './scenarios/account.scenarios.js';
import { frameworkBaselines, redisCeiling } from './scenarios/baseline.scenarios.js';
import type { BenchContext } from './scenarios/bench-context.js';
import {
  correctOneChanged,
  correctUnchanged,
  correctUnchangedPaced,
} from './scenarios/correction.scenarios.js';
import {
  batchLookup,
  coldStampede,
  l1Get,
  postgresGet,
  redisGet,
  redisGetPaced,
} from './scenarios/dictionary.scenarios.js';
import {
  embeddedFootprint,
  type Footprint,
  idleFootprint,
  memoryBreakdown,
  settled,
} from './scenarios/footprint.js';
import {
  checkerBurst,
  manyUsersGets,
  manyUsersTraffic,
  registerUsers,
} from './scenarios/traffic.scenarios.js';
import { ZIPF_S, zipfWorkload } from './scenarios/zipf.scenario.js';

const DICTIONARY_LATENCY_MS = 300;
const GEMINI_LATENCY_MS = 1_500;

function methodNotes(config: BenchConfig, load: LoadDriver): string[] {
  const generator =
    load.generator === 'wrk'
      ? 'Load generator: wrk (1 thread, latencies in µs) for fixed requests and path walks; autocannon (in the benchmark process, latency per response from hrtime) where each request is built by a callback (refresh-token chains, one-changed-sentence bodies, the cold-word stampede). Both share the cores with the servers.'
      : 'Load generator: autocannon in the benchmark process (wrk is not installed; `apt-get install wrk` for a generator that costs the servers less CPU). Latency is recorded per response from hrtime (sub-millisecond).';
  return [
    `${config.runs} run(s) per scenario: ${config.durationSec} s each after ${config.warmupSec} s of unmeasured warm-up (baselines ${config.baselineDurationSec} s, Gemini-bound ${config.slowDurationSec} s, Zipf after ${config.zipfWarmupSec} s of warm-up); median shown, min–max spread beside it; errors summed over the runs.`,
    generator,
    `Servers: \`node ${nodeFlagsOfInstances().join(' ')} dist/main.js\` with NODE_ENV=production, LOG_LEVEL=${config.logLevel} (one log line per request, written to /dev/null); instance A has L1 on (default), instance B CACHE_L1_ENABLED=false; both share a throwaway database (migrated with the app's Migrator) and a fresh key prefix. Rate limits and the daily token budget raised out of the way.`,
    `Fake upstreams in the benchmark process: Free Dictionary ${DICTIONARY_LATENCY_MS} ms (synthesises any word), Gemini ${GEMINI_LATENCY_MS} ms (the correction module's answer format). PostgreSQL holds ${config.seedWords.toLocaleString('en')} words before the first scenario.`,
    'Ratios: req/s of the scenario ÷ req/s of the bare server returning the same response JSON (from memory) to the same method and body, measured by the same load generator. The app also verifies a JWT, reads the session from Redis (no L1, by design: revocation must be instant) and runs the rate limiter (a Lua script in Redis) on every request; the bare servers do none of that.',
    `Saturated rows keep every connection waiting, so their latency is queueing (mean ≥ connections ÷ throughput). The \`-paced\` rows send the same requests from the same ${config.connections} connections with exponential think time, about ${config.pacedRps.toLocaleString('en')} req/s offered in all: latency below saturation.`,
    'RSS: peak VmRSS of the process answering, sampled every 200 ms during the runs.',
  ];
}

async function runScenarios(
  ctx: BenchContext,
): Promise<{ scenarios: ScenarioResult[]; zipf: ZipfFacts | undefined }> {
  const scenarios: ScenarioResult[] = [];
  // A token per request and paced load need wrk (autocannon can do neither the same way).
  if (ctx.load.generator === 'wrk') {
    const only = ctx.config.only;
    const users = await registerUsers(ctx, only === 'checker' ? 1 : ctx.config.users);
    if (only !== 'checker') scenarios.push(...(await manyUsersGets(ctx, manyUsersTraffic(ctx, users))));
    if (only === 'traffic') return { scenarios, zipf: undefined };
    const burst = await checkerBurst(ctx, users[0]!);
    if (burst) scenarios.push(burst);
    if (only === 'checker') return { scenarios, zipf: undefined };
  }
  scenarios.push(await l1Get(ctx));
  scenarios.push(await redisGet(ctx));
  const redisPaced = await redisGetPaced(ctx);
  if (redisPaced) scenarios.push(redisPaced);
  scenarios.push(await postgresGet(ctx));
  scenarios.push(await coldStampede(ctx));
  scenarios.push(await batchLookup(ctx));
  scenarios.push(await correctUnchanged(ctx));
  const correctPaced = await correctUnchangedPaced(ctx);
  if (correctPaced) scenarios.push(correctPaced);
  scenarios.push(await correctOneChanged(ctx));
  scenarios.push(await settingsGet(ctx));
  scenarios.push(await login(ctx));
  scenarios.push(await refresh(ctx));
  const zipf = await zipfWorkload(ctx);
  scenarios.push(zipf.result);
  return { scenarios, zipf };
}

async function main(): Promise<void> {
  const config = benchConfigFromEnv();
  assertBuilt(config);
  const startedAt = new Date();
  const loadBefore = loadAverage();
  log(`${config.smoke ? 'smoke' : 'full'} run; load average ${loadBefore}`);

  const stack: (() => Promise<unknown>)[] = [];
  const cleanUp = async (): Promise<void> => {
    for (const step of stack.reverse())
      await step().catch((err: unknown) => log(`clean-up: ${(err as Error).message}`));
    stack.length = 0;
  };
  const interrupted = (): void => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);

  try {
    const env = await BenchEnvironment.create({
      adminUrl: config.adminDatabaseUrl,
      redisUrl: config.redisUrl,
    });
    stack.push(() => env.destroy());
    log(`database ${env.databaseName}, key prefix ${env.keyPrefix}`);
    const machine = [...(await describeMachine(env)), describeBuild(config.appEntry)];
    const words = syntheticWords(config.seedWords);
    await env.withDatabase((db) => seedDictionary(db, words));

    const dictionary = await FakeFreeDictionaryServer.start({
      latencyMs: DICTIONARY_LATENCY_MS,
      synthesizeUnknown: true,
    });
    stack.push(() => dictionary.close());
    const gemini = await FakeGeminiServer.start({ latencyMs: GEMINI_LATENCY_MS, apiKey: BENCH_GEMINI_KEY });
    gemini.respondWith(correctionHandler());
    stack.push(() => gemini.close());
    const upstreams = { dictionaryUrl: dictionary.url, geminiUrl: gemini.url };

    const profileDir = config.profile ? join(config.resultsDir, 'profiles') : undefined;
    const build = snapshotBuild(config.appEntry);
    stack.push(build.remove);
    const [l1App, redisApp] = await Promise.all([
      startApp('app A (L1 on)', build.entry, config, env, upstreams, {}, profileDir),
      startApp(
        'app B (L1 off)',
        build.entry,
        config,
        env,
        upstreams,
        { CACHE_L1_ENABLED: 'false' },
        profileDir,
      ),
    ]);
    stack.push(
      () => l1App.stop(),
      () => redisApp.stop(),
    );
    await Promise.all([settled(l1App), settled(redisApp)]);
    const footprints: Footprint[] = await Promise.all([
      memoryBreakdown('app A (L1 on), idle after start-up, with PostgreSQL and Redis', l1App),
      memoryBreakdown('app B (L1 off), idle after start-up, with PostgreSQL and Redis', redisApp),
    ]);
    log(`app A ${l1App.url} (RSS ${Math.round(l1App.rssMb())} MB idle), app B ${redisApp.url}`);

    const api = new ApiClient(l1App.url);
    const load = LoadDriver.detect(config.generator);
    const ctx: BenchContext = {
      config,
      env,
      load,
      l1App,
      redisApp,
      api,
      apiNoL1: new ApiClient(redisApp.url),
      user: await api.register(),
      admin: await api.admin(env.databaseUrl),
      dictionary,
      gemini,
      words,
      hotWord: words[0]!,
      payloads: {},
    };

    const { scenarios, zipf } = await runScenarios(ctx);
    footprints.push(
      await memoryBreakdown('app A after every scenario', l1App),
      await memoryBreakdown('app B after every scenario', redisApp),
      // Up to 75 s more, until each instance's idle memory trim has run: not in the smoke test.
      ...(config.smoke
        ? []
        : await Promise.all([
            idleFootprint('app A after every scenario', l1App),
            idleFootprint('app B after every scenario', redisApp),
          ])),
      // An embedded instance takes ~30-60 s to start and check: the full run only.
      ...(config.smoke || config.only ? [] : await embeddedFootprint(ctx, build.entry, upstreams)),
    );
    const baselines = await frameworkBaselines(ctx, scenarios);
    const redis = await redisCeiling(ctx);

    const extra: string[] = [
      '## Memory (RSS)',
      '',
      "V8 heap: allocated / used, and memory V8 tracks outside it (buffers), from the instance's /metrics. " +
        'Resident memory by mapping, from /proc/<pid>/smaps: malloc (the brk heap), other anonymous memory ' +
        "(V8's pages, thread stacks, WebAssembly, large mallocs), files (code and libraries). Checker threads: " +
        "the local checker's worker threads alive (each holds Harper and the word lists; they exit once idle).",
      '',
      '| instance | RSS | V8 heap allocated / used | external | malloc / anonymous / files | checker threads |',
      '| --- | --- | --- | --- | --- | --- |',
      ...footprints.map((f) => {
        const mb = (n: number) => Math.round(n);
        const heap = f.heap
          ? `${mb(f.heap.totalMb)} / ${mb(f.heap.usedMb)} MB | ${mb(f.heap.externalMb)} MB`
          : '— | —';
        const maps = f.mappings
          ? `${mb(f.mappings.mallocMb)} / ${mb(f.mappings.anonymousMb)} / ${mb(f.mappings.fileMb)} MB`
          : '—';
        const threads = Number.isFinite(f.checkerThreads) ? String(f.checkerThreads) : '—';
        return `| ${f.label} | ${mb(f.rssMb)} MB | ${heap} | ${maps} | ${threads} |`;
      }),
      '',
    ];
    if (profileDir) {
      for (const app of [l1App, redisApp]) {
        await app.stop(); // writes the profile
        const windows = scenarios
          .filter((s) => s.server === app.name && s.windows?.length)
          .map((s) => ({ label: s.id, runs: s.windows! }));
        extra.push(
          `## CPU profile: ${app.name}`,
          '',
          ...summarizeProfile(app.name, profileOf(profileDir, app.pid), windows),
          '',
        );
      }
    }
    await cleanUp();
    const finishedAt = new Date();
    const markdown = renderReport({
      meta: {
        startedAt,
        finishedAt,
        command: config.smoke ? 'npm run bench:smoke' : 'npm run bench',
        smoke: config.smoke,
        machine,
        method: [
          ...methodNotes(config, load),
          `Zipf: s = ${ZIPF_S}, ranks drawn with a seeded PRNG (same sequence every run).`,
        ],
        loadBefore,
        loadAfter: loadAverage(),
      },
      scenarios,
      baselines,
      redis,
      targets: checkTargets(scenarios, baselines, zipf, footprints),
      extra,
    });
    const file = writeReport(config.resultsDir, startedAt, markdown);
    process.stdout.write(markdown);
    log(`results written to ${file} and latest.md`);
  } finally {
    await cleanUp();
  }
}

await main().catch((err: unknown) => {
  log(`failed: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
});
