// Whether a string is a word the checker should leave alone: the word lists and the frequency list, read
// the same way by the refiner's passes and by its reading of Harper's findings.
import type { HarperDialect } from './harper-linter.js';
import { isKnownForm } from './known-forms.js';
import { wordnetNouns, wordnetWords } from './known-phrases.js';
import { knownWords, standardWords } from './known-words.js';
import type { SpellingRanker } from './spelling-ranker.js';
import { MIN_UNLISTED_COUNT } from './word-frequencies.js';

/**
 * Whether any list the checker reads holds `word` (lower case), or a form made from one, or the subtitles
 * use it often enough to be a word (`MIN_UNLISTED_COUNT`).
 */
export function isListed(ranker: SpellingRanker, word: string, dialect: HarperDialect): boolean {
  const nouns = wordnetNouns();
  return (
    ranker.isCommon(word, MIN_UNLISTED_COUNT) ||
    isKnownForm(word, knownWords(dialect), nouns) ||
    isKnownForm(word, standardWords(dialect), nouns) ||
    isKnownForm(word, wordnetWords(), nouns)
  );
}

/**
 * A word in common use (but not a contraction without its apostrophe: "dont"), or in the dialect's
 * default spell-checker dictionary, or in its larger one and defined by WordNet ("congener", "chorion"),
 * or made from one of those.
 */
export function isWord(ranker: SpellingRanker, word: string, dialect: HarperDialect): boolean {
  const lower = word.toLowerCase();
  const nouns = wordnetNouns();
  return (
    (ranker.isCommon(word) && !ranker.isContractionWithoutApostrophe(lower)) ||
    isKnownForm(lower, standardWords(dialect), nouns) ||
    (isKnownForm(lower, knownWords(dialect), nouns) && isKnownForm(lower, wordnetWords(), nouns))
  );
}
