// The aims, checked against this run's numbers for the report (never asserted anywhere).
import { baselineFor, fmtMs, ratio, type TargetCheck } from './report.js';
import { type ScenarioResult, summarize } from './scenario.js';

export interface ZipfFacts {
  cacheHitRate: number;
  /** The best any cache could have done on the same requests (share asking for an already-asked word). */
  repeatShare: number;
}

const pctOrDash = (value: number, digits = 0): string =>
  Number.isFinite(value) ? `${(value * 100).toFixed(digits)}%` : '—';

function throughputTarget(
  target: string,
  share: number,
  scenario: ScenarioResult,
  baselines: ScenarioResult[],
): TargetCheck {
  const r = ratio(scenario, baselineFor(baselines, 'nest', scenario));
  return { target, measured: pctOrDash(r), met: Number.isFinite(r) ? r >= share : null };
}

/**
 * A p99 target, judged on the paced run when there is one: saturated, N connections queue and the mean
 * latency is N ÷ throughput whatever the server does, so the saturated p99 is shown beside it.
 */
function latencyTarget(
  target: string,
  limitMs: number,
  saturated: ScenarioResult,
  pacedRun: ScenarioResult | undefined,
  baselines: ScenarioResult[],
): TargetCheck {
  const sat = summarize(saturated);
  const nest = baselineFor(baselines, 'nest', saturated);
  const littles = (1000 * saturated.connections) / sat.rps.median;
  const satText =
    `saturated: ${fmtMs(sat.p99.median)} ms at ${Math.round(sat.rps.median).toLocaleString('en')} req/s (Little's law: mean ≥ ${fmtMs(littles)} ms` +
    (nest ? `; bare NestJS saturated: ${fmtMs(summarize(nest).p99.median)} ms)` : ')');
  if (!pacedRun) return { target, measured: satText, met: sat.p99.median < limitMs };
  const p = summarize(pacedRun);
  return {
    target,
    measured: `paced (${Math.round(p.rps.median).toLocaleString('en')} req/s): ${fmtMs(p.p99.median)} ms; ${satText}`,
    met: p.p99.median < limitMs,
  };
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
    checks.push(
      latencyTarget(
        `Redis-tier GET p99 < 5 ms at ${redis.connections} connections`,
        5,
        redis,
        byId('dict-get-redis-paced'),
        baselines,
      ),
    );
    checks.push(throughputTarget('Redis-tier GET ≥ 50% of bare NestJS throughput', 0.5, redis, baselines));
  }
  if (l1) checks.push(throughputTarget('L1-tier GET ≥ 80% of bare NestJS throughput', 0.8, l1, baselines));
  if (correct)
    checks.push(
      latencyTarget(
        'Unchanged-document correction p99 < 10 ms',
        10,
        correct,
        byId('correct-unchanged-paced'),
        baselines,
      ),
    );
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
