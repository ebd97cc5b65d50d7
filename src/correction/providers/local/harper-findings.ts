// How the refiner reads Harper's findings: which rules are about spelling, and the two findings it
// reshapes into spelling ones before ranking them.
import type { HarperDialect, LocalFinding } from './harper-linter.js';
import type { SpellingRanker } from './spelling-ranker.js';
import { isWord } from './word-standing.js';

export const SPELLING_KINDS = new Set(['Spelling', 'Typo']);
/** Harper's rule for an irregular verb given the regular ending ("arised" → "arose"). */
export const IRREGULAR_VERB_RULE = 'RegularIrregulars';
/** Harper's rule for two words that make one ("to gether" → "together"). */
const MERGE_RULE = 'MergeWords';
/** Rules about the choice of a word, which Harper also applies to words that are not words at all. */
const WORD_CHOICE_KINDS = new Set(['WordChoice', 'Malapropism', 'Eggcorn', 'Nonstandard', 'Usage']);

/** Harper's rule for a word its dictionary lacks: its message asks about the word, naming no suggestion. */
export const SPELL_CHECK_RULE = 'SpellCheck';

const DIALECT_NAMES: Record<HarperDialect, string> = {
  American: 'American English',
  British: 'British English',
  Australian: 'Australian English',
  Canadian: 'Canadian English',
};

/**
 * The message of a spelling finding, naming the word it suggests. Harper's ("Did you mean to spell “libary”
 * this way?") named none and read as a question about the writer's intent, and a finding whose suggestion
 * the ranker replaced kept a message about Harper's ("“thyat” should probably be written as “thy at”"
 * above "that").
 */
export function spellingMessage(replacement: string): string {
  return replacement === ''
    ? 'Possible spelling mistake.'
    : `Possible spelling mistake: did you mean “${replacement}”?`;
}

/** The message of a word spelt as another variant of English spells it (colour in en-US). */
export function variantMessage(replacement: string, dialect: HarperDialect): string {
  return `${DIALECT_NAMES[dialect]} spells it “${replacement}”.`;
}

/**
 * Harper's merge of two words into a rare one when one of them is no word ("ther on" → "theron"): that
 * one is a misspelling ("ther" for "there"), as a spelling finding of its own; else undefined.
 */
export function misspelledHalf(
  finding: LocalFinding,
  ranker: SpellingRanker,
  dialect: HarperDialect,
): LocalFinding | undefined {
  if (finding.rule !== MERGE_RULE || ranker.isCommon(finding.replacement)) return undefined;
  const halves = /^([A-Za-z']+)(\s+)([A-Za-z']+)$/.exec(finding.original);
  if (!halves) return undefined;
  const [, first, space, second] = halves;
  const firstIsWord = isWord(ranker, first, dialect);
  if (firstIsWord === isWord(ranker, second, dialect)) return undefined;
  const [word, offset] = firstIsWord
    ? [second, finding.offset + first.length + space.length]
    : [first, finding.offset];
  // No suggestion of Harper's: the ranker's, or none (the finding is dropped), never Harper's merge.
  const spelling = { kind: 'Spelling', rule: SPELL_CHECK_RULE, message: spellingMessage('') };
  return { offset, length: word.length, original: word, replacement: '', alternatives: [], ...spelling };
}

/**
 * A spelling finding as it is; a word-choice finding on a word no dictionary holds as a spelling one
 * ("untill" is not a negation of "till" to be replaced by "distill", it is "until" mistyped); else null.
 */
export function asSpelling(
  finding: LocalFinding,
  ranker: SpellingRanker,
  dialect: HarperDialect,
): LocalFinding | null {
  if (SPELLING_KINDS.has(finding.kind)) return finding;
  if (!WORD_CHOICE_KINDS.has(finding.kind)) return null;
  const word = finding.original;
  if (isWord(ranker, word, dialect)) return null;
  return {
    ...finding,
    kind: 'Spelling',
    rule: SPELL_CHECK_RULE,
    message: spellingMessage(finding.replacement),
  };
}
