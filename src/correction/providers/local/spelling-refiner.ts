import type { HarperDialect, LocalFinding } from './harper-linter.js';
import { knownWords } from './known-words.js';
import { SpellingRanker } from './spelling-ranker.js';

const SPELLING_KINDS = new Set(['Spelling', 'Typo']);
const WORD = /^[A-Za-z][A-Za-z']*$/;
/** Spelling differences between English variants: a finding that only changes these is the dialect's rule. */
const VARIANT_PAIRS: [RegExp, string][] = [
  [/our/g, 'or'],
  [/re$/g, 'er'],
  [/is(e|ed|es|ing|ation)$/g, 'iz$1'],
  [/ll(ed|ing|er)$/g, 'l$1'],
  [/ogue$/g, 'og'],
  [/ae/g, 'e'],
  [/oe/g, 'e'],
  [/ence$/g, 'ense'],
];

/**
 * Makes Harper's spelling findings trustworthy, since writers accept the first suggestion:
 * - the suggestion is re-ranked by how likely the writer meant it (`SpellingRanker`), in the writer's case;
 * - a capitalised word that does not start a sentence is taken for a name and left alone, and so is a
 *   word with a capital inside it (WordNet, iPhone);
 * - a word the writer uses more than once in the text is taken as intended;
 * - a word in common use, or in a standard spelling dictionary of the dialect (`knownWords`), is not a
 *   mistake — unless the finding is the variant's rule (colour in en-US).
 */
export class SpellingRefiner {
  private ranker: SpellingRanker | undefined;

  public refine(findings: LocalFinding[], text: string, dialect: HarperDialect = 'American'): LocalFinding[] {
    return findings.flatMap((finding) => {
      if (!SPELLING_KINDS.has(finding.kind) || !WORD.test(finding.original)) return [finding];
      const word = finding.original;
      // A single letter is an initial ("E. B. White") or a variable, never a slip to correct.
      if (word.length === 1) return [];
      if (/^[A-Z]/.test(word) && !startsSentence(text, finding.offset)) return [];
      // A capital inside a word is a brand or a name, never a slip: WordNet, iPhone, McAdams.
      if (/.[A-Z]/.test(word) && word !== word.toUpperCase()) return [];
      if (occurrences(text, word) > 1) return [];
      this.ranker ??= new SpellingRanker();
      // A real variant spelling is a word people use ("colour"); "idaes" only looks like one (ae → e).
      if (isVariantOf(word, finding.replacement) && this.ranker.isCommon(word, 1)) return [finding];
      if (this.ranker.isCommon(word) || isKnown(word.toLowerCase(), knownWords(dialect))) return [];
      const harper = [finding.replacement, ...finding.alternatives];
      const best = this.ranker.best(word, harper);
      if (!best) return [finding];
      // Harper's dictionary knows which words are names ("Britain"); the frequency list only knows how
      // often subtitles capitalise a word, which is mostly at the start of a line ("According").
      const usual = harper.find((s) => s.toLowerCase() === best) ?? best;
      return [{ ...finding, replacement: inCaseOf(word, best, usual) }];
    });
  }
}

/**
 * In the dictionary, or made from a word in it by a rule of English a word list does not spell out: the
 * possessive ("ironmonger's") and the abstract nouns "-ness" and "-hood" ("outwardness", "wiggliness",
 * "personhood"). Plurals are not among them: "approachs" must still be caught.
 */
function isKnown(word: string, dictionary: ReadonlySet<string>): boolean {
  if (dictionary.has(word)) return true;
  const stem = /^(.{3,})(?:'s|ness|hood)$/.exec(word)?.[1];
  return (
    stem !== undefined &&
    (dictionary.has(stem) || (stem.endsWith('i') && dictionary.has(`${stem.slice(0, -1)}y`)))
  );
}

function startsSentence(text: string, offset: number): boolean {
  const before = text.slice(0, offset).trimEnd();
  return before === '' || /[.!?:"“(\n]$/.test(before) || /\n\s*$/.test(text.slice(0, offset));
}

function occurrences(text: string, word: string): number {
  const escaped = word.replace(/'/g, "'");
  return (text.match(new RegExp(`(?<![A-Za-z'])${escaped}(?![A-Za-z'])`, 'gi')) ?? []).length;
}

function isVariantOf(word: string, replacement: string): boolean {
  const a = word.toLowerCase();
  const b = replacement.toLowerCase();
  return VARIANT_PAIRS.some(([from, to]) => a.replace(from, to) === b || b.replace(from, to) === a);
}

/** `Mortage` → `Mortgage`, `MORTAGE` → `MORTGAGE`, and a name keeps its capital: `britian` → `Britain`. */
function inCaseOf(original: string, suggestion: string, usual: string): string {
  if (original.length > 1 && original === original.toUpperCase()) return suggestion.toUpperCase();
  if (/^[A-Z]/.test(original) || /^[A-Z]/.test(usual))
    return suggestion[0].toUpperCase() + suggestion.slice(1);
  return suggestion;
}
