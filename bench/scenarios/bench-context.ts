// Everything the scenarios share: the two app instances, the accounts, the fakes, the word sets, the
// load generator — and `steady`, the shape of every fixed-request throughput scenario.
import type { FakeFreeDictionaryServer } from '../../test/fakes/free-dictionary.server.js';
import type { FakeGeminiServer } from '../../test/fakes/gemini.server.js';
import type { Account, ApiClient } from '../lib/api-client.js';
import type { BenchConfig } from '../lib/bench-config.js';
import type { BenchEnvironment } from '../lib/bench-environment.js';
import type { ChildServer } from '../lib/child-server.js';
import type { LoadDriver } from '../lib/load-driver.js';
import type { HttpLoad } from '../lib/load-types.js';
import { measure, type MeasureOptions, type PayloadName, type ScenarioResult } from '../lib/scenario.js';

export interface CapturedPayload {
  method: 'GET' | 'POST';
  /** The response JSON the app gave (what the baselines return from memory). */
  response: unknown;
  /** The request JSON (POST), so the baselines parse the same body. */
  request?: unknown;
}

export interface BenchContext {
  config: BenchConfig;
  env: BenchEnvironment;
  load: LoadDriver;
  /** The instance with L1 on (production default). */
  l1App: ChildServer;
  /** A second instance, same database and key prefix, with CACHE_L1_ENABLED=false. */
  redisApp: ChildServer;
  api: ApiClient;
  apiNoL1: ApiClient;
  user: Account;
  admin: Account;
  dictionary: FakeFreeDictionaryServer;
  gemini: FakeGeminiServer;
  /** Words stored in PostgreSQL (not in Redis) before the first scenario. */
  words: string[];
  /** The word every single-key dictionary scenario reads. */
  hotWord: string;
  /** Filled by the scenarios as they warm up; the baselines serve these. */
  payloads: Partial<Record<PayloadName, CapturedPayload>>;
  /** The many-users request stream, once its scenarios ran: the baselines replay it, paced. */
  manyUsersStream?: { paths: string[]; authorizations: string[] };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export const JSON_HEADERS = { 'content-type': 'application/json' };

export interface SteadyScenario {
  id: string;
  title: string;
  server: ChildServer;
  payload?: PayloadName;
  request: Pick<HttpLoad, 'method' | 'path' | 'headers' | 'body' | 'paths' | 'thinkMs'>;
  connections?: number;
  durationSec?: number;
  before?: MeasureOptions['before'];
  after?: MeasureOptions['after'];
  /** Default: a short run of the same request first. */
  warmup?: false;
}

/** A throughput scenario of fixed requests (or a walk over paths) with the configured generator. */
export function steady(ctx: BenchContext, s: SteadyScenario): Promise<ScenarioResult> {
  const connections = s.connections ?? ctx.config.connections;
  const load = (durationSec: number): HttpLoad => ({
    url: s.server.url,
    connections,
    durationSec,
    ...s.request,
  });
  return measure({
    id: s.id,
    title: s.title,
    server: s.server,
    connections,
    generator: ctx.load.generator,
    runs: ctx.config.runs,
    payload: s.payload,
    warmup:
      s.warmup === false || ctx.config.warmupSec === 0
        ? undefined
        : () => ctx.load.http(load(ctx.config.warmupSec), s.server),
    before: s.before,
    after: s.after,
    load: () => ctx.load.http(load(s.durationSec ?? ctx.config.durationSec), s.server),
  });
}

/**
 * The same requests from the same connections with think time, offering about `pacedRps` in total: the
 * latency of a loaded but not saturated server. (Saturated, with N connections always waiting, the mean
 * latency is N ÷ throughput by Little's law, whatever the server does.) Needs wrk; undefined otherwise.
 */
export async function paced(ctx: BenchContext, s: SteadyScenario): Promise<ScenarioResult | undefined> {
  if (!ctx.load.paces) return undefined;
  const connections = s.connections ?? ctx.config.connections;
  return steady(ctx, {
    ...s,
    id: `${s.id}-paced`,
    title: `${s.title}, paced: ${connections} clients ≈ ${ctx.config.pacedRps.toLocaleString('en')} req/s in all`,
    payload: undefined,
    warmup: false,
    request: { ...s.request, thinkMs: (1000 * connections) / ctx.config.pacedRps },
  });
}
