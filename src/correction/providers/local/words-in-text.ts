// How a word stands in its text — its case, where it is, how often — for the checker's own rules.
import { followsAbbreviation } from './correct-usage.js';

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
 * Whether a word Harper does not know is a name or another language's: capitalised inside a sentence,
 * whatever its letters and marks ("Myśliwiec", "Jean-Luc"), or spelled with letters English does not use
 * ("Unnebäck", "Zürich"), which no English list can judge — Harper had "corrected" them to "Mollified" and
 * "Unlock". (Typographic apostrophes are straightened before this is asked.)
 */
export function isNameOrForeign(word: string, text: string, offset: number): boolean {
  return (/^\p{Lu}/u.test(word) && !startsSentence(text, offset)) || /[^\p{ASCII}]/u.test(word);
}

/** `word` with one vowel put in, anywhere: "thn" → "athn", "tahn", …, "then", …, "thnu". */
export function withAVowel(word: string): string[] {
  const words: string[] = [];
  for (let at = 0; at <= word.length; at++)
    for (const vowel of 'aeiou') words.push(word.slice(0, at) + vowel + word.slice(at));
  return words;
}

/** Whether the word at `offset` opens a sentence (not after an abbreviation such as "Gov." or "L."). */
export function startsSentence(text: string, offset: number): boolean {
  const before = text.slice(0, offset).trimEnd();
  // The capitalised word after "Henry L." or "Gov." is a name.
  if (followsAbbreviation(text, offset)) return false;
  // A bracket opens a sentence only where one could start anyway: "Eligio (Kika) De La Garza" is a name.
  if (before.endsWith('(')) return startsSentence(text, before.length - 1);
  return before === '' || /[.!?:"“\n]$/.test(before) || /\n\s*$/.test(text.slice(0, offset));
}

/** Whether `word` is `candidate` with a plural ending: "etceteras" of "etcetera", "boxes" of "box". */
export function isPluralOf(word: string, candidate: string): boolean {
  return word.startsWith(candidate) && ['s', 'es'].includes(word.slice(candidate.length));
}

/**
 * How often `word` (letters and apostrophes) stands in `text` as a word of its own, whatever its case, or
 * only as written when `exactCase`.
 */
export function occurrences(text: string, word: string, exactCase = false): number {
  return (text.match(new RegExp(`(?<![A-Za-z'])${word}(?![A-Za-z'])`, exactCase ? 'g' : 'gi')) ?? []).length;
}

/** Whether `word` and `replacement` differ only as English variants spell words ("colour", "color"). */
export function isVariantOf(word: string, replacement: string): boolean {
  const a = word.toLowerCase();
  const b = replacement.toLowerCase();
  // "subversion" → "Subversion" changes a capital, not a spelling.
  return (
    a !== b && VARIANT_PAIRS.some(([from, to]) => a.replace(from, to) === b || b.replace(from, to) === a)
  );
}

/**
 * `suggestion` in the writer's case: `Mortage` → `Mortgage`, `MORTAGE` → `MORTGAGE`, `Its` → `It's`, and a
 * name keeps its capital, given its `usual` spelling: `britian` → `Britain`. "I" is a capital wherever it
 * stands, so what replaces it takes its own case ("between you and I" → "me").
 */
export function inCaseOf(original: string, suggestion: string, usual = suggestion): string {
  if (original === 'I') return suggestion;
  if (original.length > 1 && original === original.toUpperCase()) return suggestion.toUpperCase();
  if (/^[A-Z]/.test(original) || /^[A-Z]/.test(usual))
    return suggestion[0].toUpperCase() + suggestion.slice(1);
  return suggestion;
}
