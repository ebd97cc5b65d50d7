// The results as Markdown: one table of every scenario (median of the runs, spread, ratio to the bare
// servers serving the same payload), the ceilings, the targets, and what was measured alongside.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { type ScenarioResult, summarize } from './scenario.js';

export interface ReportMeta {
  startedAt: Date;
  finishedAt: Date;
  command: string;
  smoke: boolean;
  machine: string[];
  method: string[];
  loadBefore: string;
  loadAfter: string;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | null;
}

export interface Report {
  meta: ReportMeta;
  scenarios: ScenarioResult[];
  baselines: ScenarioResult[];
  redis?: ScenarioResult;
  targets: TargetCheck[];
  extra: string[];
}

/** Column headers of the main table (the smoke test checks the table against them). */
export const TABLE_HEADER = [
  'Scenario',
  'Server',
  'Conns',
  'Load gen',
  'req/s',
  'req/s min–max',
  'p50 ms',
  'p99 ms',
  'p99 min–max',
  'p99.9 ms',
  'Errors',
  'RSS MB',
  'vs bare Nest',
  'vs bare Fastify',
];

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms).toString();
}

export function fmtRps(rps: number): string {
  return Number.isFinite(rps) ? Math.round(rps).toLocaleString('en-US') : '—';
}

const fmtPct = (ratio: number): string => (Number.isFinite(ratio) ? `${Math.round(ratio * 100)}%` : '—');
const fmtMb = (mb: number): string => (Number.isFinite(mb) ? Math.round(mb).toString() : '—');

/** The bare server's row for the same payload, measured by the same load generator. */
export function baselineFor(
  baselines: ScenarioResult[],
  framework: 'nest' | 'fastify',
  of: Pick<ScenarioResult, 'payload' | 'generator'>,
): ScenarioResult | undefined {
  if (!of.payload) return undefined;
  return baselines.find(
    (b) => b.id.startsWith(`${framework}:`) && b.payload === of.payload && b.generator === of.generator,
  );
}

export function ratio(result: ScenarioResult, baseline: ScenarioResult | undefined): number {
  return baseline ? summarize(result).rps.median / summarize(baseline).rps.median : Number.NaN;
}

function row(result: ScenarioResult, baselines: ScenarioResult[]): string {
  const s = summarize(result);
  const cells = [
    `${result.title} \`${result.id}\``,
    result.server,
    String(result.connections),
    result.generator,
    fmtRps(s.rps.median),
    `${fmtRps(s.rps.min)}–${fmtRps(s.rps.max)}`,
    fmtMs(s.p50),
    fmtMs(s.p99.median),
    `${fmtMs(s.p99.min)}–${fmtMs(s.p99.max)}`,
    fmtMs(s.p999),
    String(s.errors),
    fmtMb(s.rssPeakMb),
    result.id.includes(':') ? '—' : fmtPct(ratio(result, baselineFor(baselines, 'nest', result))),
    result.id.includes(':') ? '—' : fmtPct(ratio(result, baselineFor(baselines, 'fastify', result))),
  ];
  return `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
}

function table(results: ScenarioResult[], baselines: ScenarioResult[]): string[] {
  return [
    `| ${TABLE_HEADER.join(' | ')} |`,
    `|${TABLE_HEADER.map(() => ' --- ').join('|')}|`,
    ...results.map((r) => row(r, baselines)),
  ];
}

export function renderReport(report: Report): string {
  const { meta } = report;
  const lines: string[] = [];
  lines.push(`# Benchmark results — ${meta.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`, '');
  if (meta.smoke) {
    lines.push(
      '> **Smoke run** (`BENCH_SMOKE=1`): about a second per scenario, one run, rate-capped so CI stays usable.',
      '> It proves the benchmark works; its numbers are not measurements.',
      '',
    );
  }
  lines.push(
    `Command: \`${meta.command}\` · took ${Math.round((meta.finishedAt.getTime() - meta.startedAt.getTime()) / 1000)} s`,
    '',
  );
  lines.push(
    'Machine:',
    '',
    ...meta.machine.map((m) => `- ${m}`),
    `- load average (1/5/15 min) before: ${meta.loadBefore}; after: ${meta.loadAfter}`,
    '',
  );
  lines.push('Method:', '', ...meta.method.map((m) => `- ${m}`), '');
  lines.push('## Scenarios', '', ...table(report.scenarios, report.baselines), '');
  lines.push(
    '## Ceilings (same run, same machine)',
    '',
    ...table([...report.baselines, ...(report.redis ? [report.redis] : [])], report.baselines),
    '',
  );
  lines.push(
    '## Targets (reported, never asserted)',
    '',
    '| Target | Measured | Met |',
    '| --- | --- | --- |',
  );
  for (const t of report.targets)
    lines.push(`| ${t.target} | ${t.measured} | ${t.met === null ? '—' : t.met ? 'yes' : '**no**'} |`);
  lines.push('');
  const notes = [...report.scenarios, ...report.baselines, ...(report.redis ? [report.redis] : [])].filter(
    (r) => r.notes.length,
  );
  if (notes.length) {
    lines.push('## Measured alongside', '');
    for (const r of notes) for (const n of r.notes) lines.push(`- \`${r.id}\`: ${n}`);
    lines.push('');
  }
  if (report.extra.length) lines.push(...report.extra, '');
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Writes `<dir>/<YYYY-MM-DD-HHMM>.md` and `<dir>/latest.md`; returns the dated path. */
export function writeReport(dir: string, startedAt: Date, markdown: string): string {
  mkdirSync(dir, { recursive: true });
  const stamp = startedAt.toISOString().slice(0, 16).replace('T', '-').replace(':', '');
  const dated = join(dir, `${stamp}.md`);
  writeFileSync(dated, markdown);
  writeFileSync(join(dir, 'latest.md'), markdown);
  return dated;
}
