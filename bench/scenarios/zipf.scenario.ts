// A Zipf(s ≈ 1.1) stream of lookups over the 10,000 seeded words against the L1 instance, starting from
// empty caches (Redis `dict:` keys and L1 flushed; PostgreSQL holds every word, as a deployment that has
// been up for a while does). After a warm-up, the measured runs report latency and, from the admin stats
// endpoint (counters of this instance, diffed around the measured runs), the hit rate of every layer.
import { runLoad } from '../lib/load-runner.js';
import { log, measure, type ScenarioResult } from '../lib/scenario.js';
import { ZipfSampler } from '../lib/zipf.js';
import { bearer, type BenchContext } from './bench-context.js';

export const ZIPF_S = 1.1;

interface LayerCounters {
  hits: number;
  misses: number;
}
type DictLayers = Record<'l1' | 'redis' | 'postgres' | 'upstream', LayerCounters>;

interface CacheStatsBody {
  namespaces: { dict: { layers: DictLayers } };
}

async function dictLayers(ctx: BenchContext): Promise<DictLayers> {
  const { body } = await ctx.api.call<CacheStatsBody>('GET', '/api/v1/admin/cache/stats', { token: ctx.admin.accessToken });
  return body.namespaces.dict.layers;
}

const pct = (n: number, d: number): string => (d > 0 ? `${((100 * n) / d).toFixed(1)}%` : '—');

export interface ZipfOutcome {
  result: ScenarioResult;
  /** (L1 hits + Redis hits) / lookups during the measured runs; NaN if the stats could not be read. */
  cacheHitRate: number;
}

export async function zipfWorkload(ctx: BenchContext): Promise<ZipfOutcome> {
  const sampler = new ZipfSampler(ctx.words.length, ZIPF_S);
  const seen = new Set<number>();
  let requested = 0;
  let firstSeen = 0;
  const requests = [
    {
      method: 'GET',
      headers: bearer(ctx.user.accessToken),
      setupRequest: (req: { path?: string }) => {
        const rank = sampler.next();
        requested++;
        if (!seen.has(rank)) {
          seen.add(rank);
          firstSeen++;
        }
        return { ...req, path: `/api/v1/dictionary/${ctx.words[rank]}` };
      },
    },
  ];
  const spec = (durationSec: number) => ({ url: ctx.l1App.url, connections: ctx.config.connections, durationSec, overallRate: ctx.config.overallRate, requests });

  await ctx.api.call('DELETE', '/api/v1/admin/cache/dict', { token: ctx.admin.accessToken });
  const warm = await runLoad(spec(ctx.config.zipfWarmupSec), () => ctx.l1App.rssMb());
  log(`zipf warm-up: ${warm.ok} lookups in ${ctx.config.zipfWarmupSec} s, ${seen.size} distinct words`);

  const upstreamBefore = ctx.dictionary.count();
  const before = await dictLayers(ctx);
  requested = 0;
  firstSeen = 0;
  const result = await measure({
    id: 'dict-zipf',
    title: `GET /dictionary/:word — Zipf s=${ZIPF_S} over ${ctx.words.length.toLocaleString('en')} words, after warm-up`,
    server: ctx.l1App,
    runs: ctx.config.runs,
    payload: 'entry',
    spec: () => spec(ctx.config.durationSec),
  });
  const after = await dictLayers(ctx);
  const d = (layer: keyof DictLayers, k: keyof LayerCounters): number => after[layer][k] - before[layer][k];
  const lookups = d('l1', 'hits') + d('l1', 'misses');
  const cacheHits = d('l1', 'hits') + d('redis', 'hits');
  const redisAsked = d('redis', 'hits') + d('redis', 'misses');
  const pgAsked = d('postgres', 'hits') + d('postgres', 'misses');
  result.notes.push(
    `hit rate after ${ctx.config.zipfWarmupSec} s warm-up (admin stats, measured runs only): L1 ${pct(d('l1', 'hits'), lookups)} of ${lookups} lookups; ` +
      `Redis ${pct(d('redis', 'hits'), redisAsked)} of the ${redisAsked} L1 misses; PostgreSQL ${pct(d('postgres', 'hits'), pgAsked)} of the ${pgAsked} Redis misses; ` +
      `upstream calls ${ctx.dictionary.count() - upstreamBefore}. L1+Redis together: ${pct(cacheHits, lookups)}.`,
    `workload: ${requested} requests sent, ${firstSeen} of them for a word not asked since the caches were flushed ` +
      `(compulsory misses: no cache can do better than ${pct(requested - firstSeen, requested)}); ${seen.size} distinct words in all.`,
  );
  return { result, cacheHitRate: lookups > 0 ? cacheHits / lookups : Number.NaN };
}
