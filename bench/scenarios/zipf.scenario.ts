// A Zipf(s ≈ 1.1) stream of lookups over the first 10,000 seeded words against the L1 instance, starting
// from empty caches (Redis `dict:` keys and every L1 flushed; PostgreSQL holds every word, as in a
// deployment that has been up for a while). The stream is drawn once with a seeded PRNG and continued —
// never replayed — from the warm-up through the measured runs. The hit rate of every layer comes from the
// instance's own counters (admin stats), diffed around the measured runs.
import type { ScenarioResult } from '../lib/scenario.js';
import { log } from '../lib/scenario.js';
import { ZipfSampler } from '../lib/zipf.js';
import { bearer, type BenchContext, steady } from './bench-context.js';
import { answered, dictLayers, layerDelta } from './cache-stats.js';
import { wordPath } from './dictionary.scenarios.js';

export const ZIPF_S = 1.1;

const pct = (n: number, d: number): string => (d > 0 ? `${((100 * n) / d).toFixed(1)}%` : '—');

export interface ZipfOutcome {
  result: ScenarioResult;
  /** (L1 hits + Redis hits) / lookups during the measured runs; NaN if the stats could not be read. */
  cacheHitRate: number;
  /** The best any cache could do on the measured requests: those for a word already asked since the flush. */
  repeatShare: number;
}

/** Of `ranks[from..to)`, how many ask for a rank not seen in `ranks[0..from)` or earlier in the slice. */
function firstTimeRequests(
  ranks: Uint16Array,
  from: number,
  to: number,
): { firstTime: number; distinct: number } {
  const seen = new Uint8Array(65_536);
  for (let i = 0; i < from; i++) seen[ranks[i % ranks.length]!] = 1;
  let firstTime = 0;
  for (let i = from; i < to; i++) {
    const r = ranks[i % ranks.length]!;
    if (!seen[r]) firstTime++;
    seen[r] = 1;
  }
  return { firstTime, distinct: seen.reduce((a, b) => a + b, 0) };
}

export async function zipfWorkload(ctx: BenchContext): Promise<ZipfOutcome> {
  const population = ctx.words.slice(0, ctx.config.zipfWords);
  const sampler = new ZipfSampler(population.length, ZIPF_S);
  const ranks = Uint16Array.from({ length: ctx.config.zipfStream }, () => sampler.next());
  const paths = Array.from(ranks, (r) => wordPath(population[r]!));
  const headers = bearer(ctx.user.accessToken);

  await ctx.api.call('DELETE', '/api/v1/admin/cache/dict', { token: ctx.admin.accessToken });
  const warm = await ctx.load.http(
    {
      url: ctx.l1App.url,
      connections: ctx.config.connections,
      durationSec: ctx.config.zipfWarmupSec,
      method: 'GET',
      headers,
      paths: { list: paths, offset: 0 },
    },
    ctx.l1App,
  );
  let offset = warm.sent;
  log(`zipf warm-up: ${warm.sent} lookups in ${ctx.config.zipfWarmupSec} s`);

  const upstreamBefore = ctx.dictionary.count();
  const before = await dictLayers(ctx.api, ctx.admin.accessToken);
  const result = await steady(ctx, {
    id: 'dict-zipf',
    title: `GET /dictionary/:word — Zipf s=${ZIPF_S} over ${population.length.toLocaleString('en')} words, after warm-up`,
    server: ctx.l1App,
    payload: 'entry',
    warmup: false,
    // The request is rebuilt per run (`steady` reads `request` once), so the walk continues via a getter.
    request: {
      method: 'GET',
      headers,
      get paths() {
        return { list: paths, offset };
      },
    },
    after: (_run, outcome) => {
      offset += outcome.sent;
    },
  });
  const d = layerDelta(before, await dictLayers(ctx.api, ctx.admin.accessToken));
  const lookups = answered(d);
  const cacheHits = d.l1.hits + d.redis.hits;
  const redisAsked = d.redis.hits + d.redis.misses;
  const pgAsked = d.postgres.hits + d.postgres.misses;
  const { firstTime, distinct } = firstTimeRequests(ranks, warm.sent, offset);
  const measured = offset - warm.sent;
  const wrapped =
    offset > ranks.length ? ` (the ${ranks.length}-request stream wrapped: raise BENCH_ZIPF_STREAM)` : '';
  result.notes.push(
    `hit rate after ${ctx.config.zipfWarmupSec} s warm-up (${warm.sent} requests), admin stats over the measured runs: L1 ${pct(d.l1.hits, lookups)} of ${lookups} answered lookups; ` +
      `Redis ${pct(d.redis.hits, redisAsked)} of the ${redisAsked} it was asked; PostgreSQL ${pct(d.postgres.hits, pgAsked)} of ${pgAsked}; ` +
      `upstream calls ${ctx.dictionary.count() - upstreamBefore}. L1 + Redis together: ${pct(cacheHits, lookups)}.`,
    `workload: ${measured} measured requests, ${firstTime} of them for a word nobody had asked for since the flush ` +
      `(no cache can serve those: the best possible hit rate was ${pct(measured - firstTime, measured)}); ${distinct} distinct words asked in all${wrapped}.`,
  );
  return {
    result,
    cacheHitRate: lookups > 0 ? cacheHits / lookups : Number.NaN,
    repeatShare: measured > 0 ? (measured - firstTime) / measured : Number.NaN,
  };
}
