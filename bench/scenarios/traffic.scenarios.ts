// Realistic traffic: many users, each with its own token and session, looking up a Zipf stream of words —
// nothing merges across users (single-flight cannot fold their session reads) — for both cache tiers; and a
// burst of 10 KB texts to the local checker while cached lookups go on, to show whether the checker stalls
// the event loop everyone shares.
import type { Account } from '../lib/api-client.js';
import { log, type ScenarioResult } from '../lib/scenario.js';
import { ZipfSampler } from '../lib/zipf.js';
import { type BenchContext, paced, steady, type SteadyScenario } from './bench-context.js';
import { answered, type DictLayers, dictLayers, layerDelta } from './cache-stats.js';
import { wordPath } from './dictionary.scenarios.js';
import { ZIPF_S } from './zipf.scenario.js';

/** Registers `count` accounts, a few at a time (each registration is an argon2 hash). */
export async function registerUsers(ctx: BenchContext, count: number): Promise<Account[]> {
  const users: Account[] = [];
  const started = Date.now();
  while (users.length < count) {
    const batch = Math.min(8, count - users.length);
    users.push(...(await Promise.all(Array.from({ length: batch }, () => ctx.api.register()))));
  }
  log(`registered ${count} users in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return users;
}

/** A deterministic PRNG (mulberry32): the same user sequence every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface ManyUsersTraffic {
  users: number;
  words: number;
  paths: string[];
  authorizations: string[];
}

/** Zipf(s) over the first `zipfWords` seeded words; each request from a user drawn uniformly. */
export function manyUsersTraffic(ctx: BenchContext, users: Account[]): ManyUsersTraffic {
  const population = ctx.words.slice(0, ctx.config.zipfWords);
  const sampler = new ZipfSampler(population.length, ZIPF_S);
  const random = prng(20_261_202);
  const length = Math.min(ctx.config.zipfStream, 200_000);
  const paths: string[] = [];
  const authorizations: string[] = [];
  for (let i = 0; i < length; i++) {
    paths.push(wordPath(population[sampler.next()]!));
    authorizations.push(`Bearer ${users[Math.floor(random() * users.length)]!.accessToken}`);
  }
  return { users: users.length, words: population.length, paths, authorizations };
}

function manyUsersScenario(
  ctx: BenchContext,
  traffic: ManyUsersTraffic,
  tier: 'l1' | 'redis',
): SteadyScenario {
  let offset = 0;
  const server = tier === 'l1' ? ctx.l1App : ctx.redisApp;
  return {
    id: `dict-get-${tier}-many-users`,
    title:
      `GET /dictionary/:word — ${tier === 'l1' ? 'L1 on' : 'Redis tier (L1 off)'}, ` +
      `${traffic.users.toLocaleString('en')} users × Zipf over ${traffic.words.toLocaleString('en')} words`,
    server,
    payload: 'entry',
    request: {
      method: 'GET',
      get paths() {
        return { list: traffic.paths, offset, authorizations: traffic.authorizations };
      },
    },
    after: (_run, outcome) => {
      offset += outcome.sent;
    },
  };
}

/**
 * Both tiers under the many-users stream. The warm-up walks the same stream first, so the words it asks for
 * are in Redis (and L1) as they would be in a service that has been up for a while.
 */
export async function manyUsersGets(ctx: BenchContext, traffic: ManyUsersTraffic): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  // The bare servers answer the hot word's entry for the ratios; the single-word scenarios that record it
  // do not run under BENCH_ONLY=traffic.
  if (!ctx.payloads.entry) {
    const { body } = await ctx.api.call<unknown>('GET', wordPath(ctx.hotWord), {
      token: ctx.user.accessToken,
    });
    ctx.payloads.entry = { method: 'GET', response: body };
  }
  ctx.manyUsersStream = traffic;
  for (const tier of ['redis', 'l1'] as const) {
    const scenario = manyUsersScenario(ctx, traffic, tier);
    await ctx.load.http(
      {
        url: scenario.server.url,
        connections: ctx.config.connections,
        durationSec: ctx.config.zipfWarmupSec,
        method: 'GET',
        paths: { list: traffic.paths, offset: 0, authorizations: traffic.authorizations },
      },
      scenario.server,
    );
    const api = tier === 'l1' ? ctx.api : ctx.apiNoL1;
    const before = await dictLayers(api, ctx.admin.accessToken);
    const saturated = await steady(ctx, { ...scenario, warmup: false });
    saturated.notes.push(answeredBy(layerDelta(before, await dictLayers(api, ctx.admin.accessToken))));
    results.push(saturated);
    const pacedRun = await paced(ctx, manyUsersScenario(ctx, traffic, tier));
    if (pacedRun) results.push(pacedRun);
  }
  return results;
}

/** Which layer answered the runs' lookups (the instance's admin stats): how often L1 was enough. */
function answeredBy(d: DictLayers): string {
  const total = answered(d);
  const share = (n: number): string => (total ? `${((100 * n) / total).toFixed(1)} %` : '—');
  return (
    `answered by L1 ${share(d.l1.hits)}, Redis ${share(d.redis.hits)}, PostgreSQL ${share(d.postgres.hits)}, ` +
    `upstream ${share(d.upstream.hits)} of ${total.toLocaleString('en')} lookups (admin stats)`
  );
}

/** A ~10 KB text of real-looking sentences, different every call (so no sentence is ever cached). */
function freshText(serial: number): string {
  const words = [
    'the',
    'writer',
    'recieve',
    'quickly',
    'paragraph',
    'teh',
    'report',
    'because',
    'meeting',
    'idea',
  ];
  const sentences: string[] = [];
  let length = 0;
  for (let s = 0; length < 9_800; s++) {
    const n = 8 + ((serial + s) % 9);
    const body = Array.from({ length: n }, (_, i) => words[(serial * 7 + s * 3 + i * 5) % words.length]).join(
      ' ',
    );
    const sentence = `Draft ${serial}-${s}: ${body}.`;
    sentences.push(sentence);
    length += sentence.length + 1;
  }
  return sentences.join(' ');
}

/**
 * 20 clients each sending unique 10 KB texts to the local checker (their user turned the LLM off), while a
 * paced stream of cached lookups measures what everyone else waits. Run against the L1 instance.
 */
export async function checkerBurst(ctx: BenchContext, writer: Account): Promise<ScenarioResult | undefined> {
  await ctx.api.call('PATCH', '/api/v1/settings', { token: writer.accessToken, json: { llmEnabled: false } });
  // The first local check starts the worker and sets Harper up (~4–6 s): not part of the measurement.
  await ctx.api.call('POST', '/api/v1/llm/correct', {
    token: writer.accessToken,
    json: { text: freshText(0) },
  });
  const lookup: SteadyScenario = {
    id: 'dict-get-during-checker-burst',
    title: 'GET /dictionary/:word (cached) while 20 clients send 10 KB texts to the local checker',
    server: ctx.l1App,
    request: {
      method: 'GET',
      path: wordPath(ctx.hotWord),
      headers: { authorization: `Bearer ${ctx.user.accessToken}` },
    },
  };
  let running = true;
  let serial = 1;
  let checked = 0;
  let failed = 0;
  const client = async () => {
    while (running) {
      const res = await fetch(`${ctx.l1App.url}/api/v1/llm/correct`, {
        method: 'POST',
        headers: { authorization: `Bearer ${writer.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: freshText(serial++) }),
      }).catch(() => undefined);
      if (res?.ok) checked++;
      else failed++;
      await res?.arrayBuffer().catch(() => undefined);
    }
  };
  const clients = Array.from({ length: 20 }, client);
  const started = Date.now();
  try {
    const result = await paced(ctx, lookup);
    if (result) {
      const seconds = (Date.now() - started) / 1000;
      result.notes.push(
        `local checker during the runs: ${checked} texts of 10 KB checked (${(checked / seconds).toFixed(1)}/s), ${failed} refused or failed`,
      );
    }
    return result;
  } finally {
    running = false;
    await Promise.all(clients);
  }
}
