import { readFileSync } from 'node:fs';

import { REPO_ROOT } from './compose-file.js';

/** The bench's latest full report: the deployments' memory is sized from what it measured. */
export const BENCH_REPORT = 'bench/results/latest.md';
const MIB = 1024 * 1024;

/**
 * What the latest bench measured, in bytes (its "MB" are MiB, from /proc's kB ÷ 1024): the RSS of an
 * instance after the whole bench, and the peak of any instance under load.
 */
export function benchRss(): { afterBench: number; peak: number } {
  const report = readFileSync(`${REPO_ROOT}${BENCH_REPORT}`, 'utf8');
  const row = (target: string) => {
    const measured = new RegExp(
      `^\\| ${target.replace(/[()]/g, '\\$&')}[^|]* \\| ([\\d,.]+) MB \\|`,
      'm',
    ).exec(report);
    if (!measured) throw new Error(`${BENCH_REPORT} has no "${target}" row with a figure in MB`);
    return Number(measured[1].replaceAll(',', '')) * MIB;
  };
  return {
    afterBench: row('RSS ≤ 300 MB after the whole bench, with PostgreSQL and Redis'),
    peak: row('RSS < 300 MB under load (peak of any app instance, any scenario)'),
  };
}

/**
 * A memory quantity in bytes, as Kubernetes (`1280Mi`, `1Gi`, `512M`) or Compose (`1280m`, `1g`: binary
 * units whatever the case) write it.
 */
export function memoryBytes(quantity: string, style: 'kubernetes' | 'compose'): number {
  const m = /^(\d+(?:\.\d+)?)([A-Za-z]*)$/.exec(quantity);
  if (!m) throw new Error(`not a memory quantity: ${quantity}`);
  const units: Record<string, number> =
    style === 'kubernetes'
      ? { '': 1, k: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: MIB, Gi: 1024 * MIB }
      : { b: 1, k: 1024, kb: 1024, m: MIB, mb: MIB, g: 1024 * MIB, gb: 1024 * MIB };
  const unit = units[style === 'compose' ? m[2].toLowerCase() || 'b' : m[2]];
  if (unit === undefined) throw new Error(`unknown unit in ${quantity}`);
  return Number(m[1]) * unit;
}
