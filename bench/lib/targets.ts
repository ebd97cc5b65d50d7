// The aims, checked against this run's numbers for the report (never asserted anywhere).
import { baselineFor, fmtMs, ratio, type TargetCheck } from './report.js';
import { summarize, type ScenarioResult } from './scenario.js';

export interface ZipfFacts {
  cacheHitRate: number;
  /** The best any cache could have done on the same requests (share asking for an already-asked word). */
  repeatShare: number;
}

export function checkTargets(
  scenarios: ScenarioResult[],
  baselines: ScenarioResult[],
  zipf: ZipfFacts | undefined,
): TargetCheck[] {
  const byId = (id: string): ScenarioResult | undefined => scenarios.find((s) => s.id === id);
  const checks: TargetCheck[] = [];
  const redis = byId('dict-get-redis');
  const l1 = byId('dict-get-l1');
  const correct = byId('correct-unchanged');

  if (redis) {
    const p99 = summarize(redis).p99.median;
    const nest = baselineFor(baselines, 'nest', redis);
    const nestP99 = nest
      ? ` (bare NestJS at the same concurrency: ${fmtMs(summarize(nest).p99.median)} ms)`
      : '';
    checks.push({
      target: `Redis-tier GET p99 < 5 ms at ${redis.connections} connections`,
      measured: `${fmtMs(p99)} ms${nestP99}`,
      met: p99 < 5,
    });
    const r = ratio(redis, nest);
    checks.push({
      target: 'Redis-tier GET ≥ 50% of bare NestJS throughput',
      measured: pctOrDash(r),
      met: Number.isFinite(r) ? r >= 0.5 : null,
    });
  }
  if (l1) {
    const r = ratio(l1, baselineFor(baselines, 'nest', l1));
    checks.push({
      target: 'L1-tier GET ≥ 80% of bare NestJS throughput',
      measured: pctOrDash(r),
      met: Number.isFinite(r) ? r >= 0.8 : null,
    });
  }
  if (correct) {
    const p99 = summarize(correct).p99.median;
    checks.push({
      target: 'Unchanged-document correction p99 < 10 ms',
      measured: `${fmtMs(p99)} ms`,
      met: p99 < 10,
    });
  }
  if (zipf) {
    checks.push({
      target: 'Zipf hit rate (L1 + Redis) ≥ 95% after warm-up',
      measured: `${pctOrDash(zipf.cacheHitRate, 1)} (best possible on the same requests: ${pctOrDash(zipf.repeatShare, 1)})`,
      met: Number.isFinite(zipf.cacheHitRate) ? zipf.cacheHitRate >= 0.95 : null,
    });
  }
  const rss = scenarios.map((s) => summarize(s).rssPeakMb).filter(Number.isFinite);
  if (rss.length) {
    const peak = Math.max(...rss);
    checks.push({
      target: 'RSS < 300 MB under load (peak of any app instance, any scenario)',
      measured: `${Math.round(peak)} MB`,
      met: peak < 300,
    });
  }
  return checks;
}

function pctOrDash(value: number, digits = 0): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(digits)}%` : '—';
}
