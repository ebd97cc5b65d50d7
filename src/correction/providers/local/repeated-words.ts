import type { HarperDialect } from './harper-linter.js';
import { knownWords } from './known-words.js';
import type { Ranking, SpellingRanker } from './spelling-ranker.js';
import { occurrences } from './words-in-text.js';

/**
 * How cheap a slip (-log10 P(typed | meant)) must be for a word Harper accepts, or a word typed more than
 * once, to be taken for one: a letter doubled or dropped, two swapped ("polysaccaride", "strat", "nickle",
 * "recieve" 0.77). Words of today's prose that no list holds are a costlier slip from a real word ("repo" →
 * "report" 2.7, "backend" → "backed" 2.05): on the README prose `npm run bench:quality` reads, this and
 * `isAffixed` took the spelling flags from 330 to 290 in 100,226 words, and cost the benchmark one
 * misspelling ("infered", 2026-12-03).
 */
export const MAX_ACCEPTED_SLIP_COST = 2;
/** Uses (in 51 million) of the commonest words ("then", "when", "was"), whose vowel writers drop. */
export const VERY_COMMON_COUNT = 50_000;
/**
 * Uses (in 51 million) of a word whose cheap slip, typed the same way more than once, is a misspelling the
 * writer repeats ("recieve" for "receive", 992 uses). Measured with `bench:quality` (2026-12-04): from 100
 * down to 10 the misspellings typed twice that are flagged went from 40.1 % to 62.5 %, for two more flags of
 * jargon in the README prose ("falsey" → "falsely"; three real typos were caught too); down to 1, 68.7 % for
 * six more ("memoization" → "memorization", "nicing" → "nicking").
 */
const REPEATED_SLIP_TARGET_COUNT = 10;

/** The ranking of a word with no suggestion of Harper's, as the refiner caches it per text. */
type Rank = (word: string, dialect: HarperDialect) => Ranking | undefined;

/**
 * Whether a word the writer typed more than once in a text is one they mean. The issue's rule: a word used
 * consistently is probably intentional ("Vandiver", "repo", "tsuris"). Two kinds of repetition are slips
 * all the same, one cheap slip from a word the writer surely meant:
 * - from one of the commonest words, in any case: "teh", "adn" or "becuase" twice is a habit of the hand;
 * - from a common word that is no name, typed in lower case (at least once) with five letters or more:
 *   "recieve" twice is a word the writer always spells so. Jargon typed over and over is shorter ("buf",
 *   "json") or one slip from a name ("endian", "Indian"), and names are capitalised ("Cotten" is not
 *   "Cotton").
 * Measured by `bench:quality`'s "typed twice" column: 2.3 % of the benchmark's misspellings typed twice were
 * flagged before this second kind, 62.5 % with it, with no new false alarm on WordNet's sentences or the
 * Brown corpus (2026-12-04).
 */
export class RepeatedWords {
  /** Per text: each word's verdict (a pasted text can hold the same slip a hundred times). */
  private readonly verdicts = new Map<string, boolean>();

  public constructor(
    private readonly ranker: SpellingRanker,
    private readonly rank: Rank,
  ) {}

  /** Forgets the previous text's verdicts. */
  public clear(): void {
    this.verdicts.clear();
  }

  public isOnPurpose(text: string, word: string, dialect: HarperDialect): boolean {
    let verdict = this.verdicts.get(word);
    if (verdict === undefined) {
      verdict = occurrences(text, word) >= 2 && !this.isRepeatedSlip(text, word, dialect);
      this.verdicts.set(word, verdict);
    }
    return verdict;
  }

  private isRepeatedSlip(text: string, word: string, dialect: HarperDialect): boolean {
    const lower = word.toLowerCase();
    if (this.ranker.isCommon(lower)) return false;
    const ranked = this.rank(lower, dialect);
    if (!ranked?.close || this.ranker.slipCost(lower, ranked.candidate) > MAX_ACCEPTED_SLIP_COST)
      return false;
    if (this.ranker.isCommon(ranked.candidate, VERY_COMMON_COUNT)) return true;
    // Capitalised, it is a name unless the text also has it in lower case ("Recieve it. I recieve …").
    const inLowerCase = word === lower || occurrences(text, lower, true) > 0;
    return (
      inLowerCase &&
      word.length >= 5 &&
      this.ranker.isCommon(ranked.candidate, REPEATED_SLIP_TARGET_COUNT) &&
      this.ranker.nameCase(ranked.candidate, knownWords(dialect)) === undefined
    );
  }
}
