import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import {
  dropOverlapping,
  type EditCategory,
  isEditCategory,
  type TextEdit,
} from '#src/correction/edits/text-edit.js';

import { beAgreementFindings } from './be-agreement.js';
import { ComposedText } from './composed-text.js';
import { isCorrectUsage } from './correct-usage.js';
import { type HarperDialect, lintWithHarper, type LocalFinding } from './harper-linter.js';
import { phraseRuleFindings } from './phrase-rules.js';
import { SpellingRefiner } from './spelling-refiner.js';

// Pieces are linted as one text, separated like paragraphs so no rule sees across two of them.
const SEPARATOR = '\n\n';

const DIALECTS: Record<string, HarperDialect> = {
  'en-US': 'American',
  'en-GB': 'British',
  'en-AU': 'Australian',
  'en-CA': 'Canadian',
};

const KIND_TO_CATEGORY: Record<string, EditCategory> = {
  Spelling: 'spelling',
  Typo: 'spelling',
  Repetition: 'repetition',
  Capitalization: 'capitalization',
  Punctuation: 'punctuation',
  Formatting: 'punctuation',
  Agreement: 'grammar',
  Grammar: 'grammar',
  Usage: 'grammar',
  WordOrder: 'grammar',
  Miscellaneous: 'grammar',
  WordChoice: 'word-choice',
  Malapropism: 'word-choice',
  Eggcorn: 'word-choice',
  Nonstandard: 'word-choice',
  Regionalism: 'word-choice',
  Redundancy: 'style',
  Style: 'style',
  Enhancement: 'style',
  Readability: 'clarity',
  BoundaryError: 'spelling',
};

export interface LocalCheckTask {
  pieces: readonly string[];
  dialect: HarperDialect;
  /** false: Harper's own suggestions (the quality benchmark's baseline). */
  refine: boolean;
}

let sharedRefiner: SpellingRefiner | undefined;
const refiner = () => (sharedRefiner ??= new SpellingRefiner());

/**
 * Bump when the refinement (spelling-refiner.ts and every file of this folder it reads, the error models'
 * counts and the word lists included) or Harper's set-up (harper-linter.ts: the binary, the rules turned
 * off) change what the checker answers: answers are cached under this version.
 */
const REFINEMENT_VERSION = 39;

/** harper.js exports no package.json: find it the way Node finds the package. */
function harperVersion(): string {
  for (const dir of createRequire(import.meta.url).resolve.paths('harper.js') ?? []) {
    const file = join(dir, 'harper.js', 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}

/**
 * What the local checker's answers depend on besides the text: part of their cache keys, so upgrading
 * Harper or the refinement never serves an answer the new checker would not give.
 */
export const LOCAL_CHECKER_VERSION = `harper@${harperVersion()}+refine@${REFINEMENT_VERSION}`;

/**
 * The local checker's whole job for some pieces: lint them as one text, refine the spelling findings,
 * and hand each piece its edits (offsets relative to the piece). CPU-bound: it runs in the worker pool.
 */
export async function checkPieces({
  pieces: written,
  dialect,
  refine,
}: LocalCheckTask): Promise<TextEdit[][]> {
  const composed = written.map((piece) => ComposedText.of(piece));
  const pieces = composed.map((piece) => piece.text);
  // One lint over all pieces is ~4x cheaper than one per piece (Harper's per-call overhead dominates).
  const combined = pieces.join(SEPARATOR);
  const linting = lintWithHarper(combined, dialect);
  // The word lists load (~1.4 s, once) on this thread, as Harper's set-up (~1.4 s) does: one after the other
  // (measured: starting Harper's set-up first and loading the lists meanwhile saved nothing).
  if (refine) refiner().load(dialect);
  const raw = await linting;
  // ProsePolish's own rules join Harper's only when refining: unrefined is Harper alone (the baseline).
  const findings = refine ? refineFindings(raw, combined, dialect) : raw;
  const corrections: TextEdit[][] = pieces.map(() => []);
  let start = 0;
  let piece = 0;
  for (const finding of findings) {
    while (piece < pieces.length && finding.offset >= start + pieces[piece].length + SEPARATOR.length) {
      start += pieces[piece].length + SEPARATOR.length;
      piece++;
    }
    if (piece >= pieces.length) break;
    const inside = finding.offset >= start && finding.offset + finding.length <= start + pieces[piece].length;
    if (inside) corrections[piece].push(toEdit(finding, start));
  }
  return corrections.map((edits, i) => dropOverlapping(edits.map((edit) => composed[i].toOriginal(edit))));
}

/**
 * ProsePolish's work on Harper's findings for `text`: its own rules' findings, and Harper's with the
 * spelling refined. Its own rules come first, so where both flag the same words the more specific finding
 * is the one kept ("your welcome!" is "you're welcome", not only a missing capital). Exported so the
 * quality benchmark can time it apart from Harper's lint.
 */
export function refineFindings(
  raw: readonly LocalFinding[],
  text: string,
  dialect: HarperDialect,
): LocalFinding[] {
  return [
    ...beAgreementFindings(text),
    ...phraseRuleFindings(text),
    ...refiner().refine(
      raw.filter((finding) => !isCorrectUsage(finding, text)),
      text,
      dialect,
    ),
  ].sort((a, b) => a.offset - b.offset);
}

/** Harper's dialect for a language tag; null for languages the local checker does not know. */
export function dialectOf(language: string): HarperDialect | null {
  if (DIALECTS[language]) return DIALECTS[language];
  return /^en\b/i.test(language) ? 'American' : null;
}

function toEdit(finding: LocalFinding, pieceStart: number): TextEdit {
  const category =
    KIND_TO_CATEGORY[finding.kind] ??
    (isEditCategory(finding.kind.toLowerCase()) ? (finding.kind.toLowerCase() as EditCategory) : 'other');
  return {
    offset: finding.offset - pieceStart,
    length: finding.length,
    original: finding.original,
    replacement: finding.replacement,
    message: finding.message,
    category,
    rule: finding.rule,
    // Only a misspelling's runners-up are ranked (`SpellingRanker`); other rules' extra suggestions are not.
    ...(category === 'spelling' && finding.alternatives.length > 0
      ? { alternatives: finding.alternatives }
      : {}),
  };
}
