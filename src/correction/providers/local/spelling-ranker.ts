import { doubleMetaphone } from 'double-metaphone';

import { SpellingErrorModel } from './spelling-error-model.js';
import { SpellingRewriteModel } from './spelling-rewrite-model.js';
import { letterMask, WordFrequencies } from './word-frequencies.js';

// The four weights below were picked on the benchmark's list (the ranker alone, 2026-12-03); moving any one
// of them by 0.15-0.5 changed top-1 by 0.1 point at most.
/** Each order of magnitude of P(typed | intended) counts this much more than one of word frequency. */
const ERROR_WEIGHT = 1.3;
/** A candidate that ends like the misspelling is this much likelier (orders of magnitude). */
const SAME_ENDING_BONUS = 0.3;
/**
 * A candidate that sounds like the misspelling (Double Metaphone: "saught" and "sought", not "caught") is
 * this much likelier (orders of magnitude).
 */
const PHONETIC_BONUS = 0.8;
/** A candidate with another first letter is this much less likely (orders of magnitude). */
const FIRST_LETTER_PENALTY = 0.5;
/** Candidates whose misspelling is less likely than 10^-MAX_COST are not considered. */
const MAX_COST = 7;
/** A word used this often (in 51 million) is frequent: one that is close beats a split. */
const FREQUENT_WORD_COUNT = 5_000;
/** A word this unlikely to be mistyped as the misspelling is still "close" (about one slip). */
const CLOSE_COST = 3;
/** A word used this often (in 51 million) is common enough to be half of a missing-space split. */
const SPLIT_PART_COUNT = 20_000;
/** A missing space, in orders of magnitude: as unlikely as a rare slip. */
const SPLIT_COST = 4.2;
/**
 * The letter model's best candidates that the rewrite model scores again: the intended word was among the
 * first 10 whenever rescoring could bring it first (30 gave the same top-1, 2026-12-03).
 */
const SHORTLIST = 10;

interface Scored {
  candidate: string;
  /** Frequency and the bonuses, before the cost of the slips. */
  prior: number;
  /** -log10 P(typed | candidate), by the letter model. */
  cost: number;
  score: number;
}

/**
 * Ranks spelling candidates by how likely the writer meant them, as a noisy channel: how common the
 * candidate is (`WordFrequencies`) times how likely a writer who meant it would type the misspelling
 * (`SpellingErrorModel` letter by letter, then `SpellingRewriteModel`'s habits of several letters for the
 * best few; both learned from misspellings the benchmark does not measure), with a word that
 * sounds the same ("fonetic" → "phonetic") or keeps the typed ending ("approachs" → "approaches") likelier
 * still. So "eror" becomes "error", not "err", and "idaes" "ideas". A split into two words is offered only
 * when both are common and no frequent single word is close ("thyat" is "that"; "aboutit" is "about it").
 * The threshold for "common" was measured: 5,000 instead of 20,000 split "eachother" and "atleast" but
 * cost four of the benchmark's words ("formost" → "for most").
 */
export class SpellingRanker {
  public constructor(
    private readonly frequencies: WordFrequencies = WordFrequencies.get(),
    private readonly errors = new SpellingErrorModel(),
    private readonly rewrites = new SpellingRewriteModel(),
  ) {}

  /** Whether `word` is an English word in common use (a spelling "mistake" on it is likely a false alarm). */
  public isCommon(word: string, minCount = 100): boolean {
    return this.frequencies.count(word) >= minCount;
  }

  /**
   * Whether writers use `candidate` at least ten times as often as `word` (counted uses in the subtitles,
   * plus one): a rare real word that close to it is more likely the common word mistyped.
   */
  public isMuchCommoner(candidate: string, word: string): boolean {
    return this.frequencies.count(candidate) >= 10 * (this.frequencies.count(word) + 1);
  }

  /** How a name or an "I" contraction is written ("Gandhi", "I'm"), if `word` is one (`WordFrequencies`). */
  public nameCase(word: string, dictionary: ReadonlySet<string>): string | undefined {
    return this.frequencies.nameCase(word, dictionary);
  }

  /**
   * Whether a writer who typed `word` may have meant `candidate` (both lower case): a possessive is never
   * what a word typed without an apostrophe meant ("hertzs" is not "hertz's"); a contraction may be.
   */
  public mayMean(word: string, candidate: string): boolean {
    return !candidate.includes("'") || word.includes("'") || this.frequencies.isContraction(candidate);
  }

  /** The likeliest intended word, lower-case, or undefined when nothing is close enough. */
  public best(misspelled: string, extraCandidates: readonly string[] = []): string | undefined {
    return this.rank(misspelled, extraCandidates)?.candidate;
  }

  /**
   * The likeliest intended word (lower case, or two words for a missing space) and whether it is close: at
   * most about one slip from what was typed, which is strong evidence that the writer meant it.
   */
  public rank(
    misspelled: string,
    extraCandidates: readonly string[] = [],
  ): { candidate: string; close: boolean } | undefined {
    const word = misspelled.toLowerCase();
    const sounds = doubleMetaphone(word);
    const shortlist: Scored[] = [];
    const consider = (candidate: string, weight: number, cost: number) => {
      if (cost > MAX_COST || candidate === word || !this.mayMean(word, candidate)) return;
      // Writers mean their word's ending ("approachs" is a plural, "attened" a past tense), even when they
      // swapped its last two letters ("soem" is "some", not "seem").
      const sameEnding = endsAlike(word, candidate) ? SAME_ENDING_BONUS : 0;
      const phonetic = soundsAlike(sounds, candidate) ? PHONETIC_BONUS : 0;
      // Writers rarely get a word's first letter wrong: "ommited" is not "committed".
      const firstLetter = candidate[0] === word[0] ? 0 : FIRST_LETTER_PENALTY;
      const prior = Math.log10(weight + 1) + sameEnding + phonetic - firstLetter;
      keepBest(shortlist, { candidate, prior, cost, score: prior - ERROR_WEIGHT * cost });
    };
    const letters = letterMask(word);
    for (let length = word.length - 2; length <= word.length + 2; length++) {
      for (const { word: candidate, weight, letters: theirs } of this.frequencies.byLength.get(length) ??
        []) {
        // Two slips change at most four letters' presence: a cheap test that skips most of the list.
        if (bitCount(letters ^ theirs) > 4) continue;
        if (!keepsFirstLetter(word, candidate)) continue;
        const cost = this.errors.cost(word, candidate, MAX_COST);
        if (cost <= MAX_COST) consider(candidate, weight, cost);
      }
    }
    // Harper's candidates compete on the same terms as the list's: giving its first choice a head start
    // lost 0.8 point of top-1 once the dictionary check was in (`npm run bench:quality`, 2026-12-02).
    for (const extra of extraCandidates) {
      const lower = extra.toLowerCase();
      // Harper's splits ("all edges") count only under the split rule below.
      if (/^[a-z']+$/.test(lower) && this.frequencies.suggestable(lower))
        consider(lower, this.frequencies.weight(lower), this.errors.cost(word, lower, MAX_COST));
    }
    // A habit of several letters ("persue" for "pursue") is likelier than the letter slips it is made of. It
    // only reorders the shortlist: whether the pick is close (and so whether a word WordNet defines is
    // flagged at all) stays the letter model's call, which kept the false alarms where they were.
    let single: Scored | undefined;
    for (const scored of shortlist) {
      const habit = this.rewrites.cost(word, scored.candidate);
      const score = scored.prior - ERROR_WEIGHT * Math.min(scored.cost, habit);
      if (!single || score > single.score) single = { ...scored, score };
    }
    const split = this.bestSplit(word);
    if (
      split &&
      (!single ||
        (single.score < split.score &&
          (this.frequencies.count(single.candidate) < FREQUENT_WORD_COUNT || single.cost > CLOSE_COST)))
    )
      return { candidate: split.candidate, close: true };
    return single && { candidate: single.candidate, close: single.cost <= CLOSE_COST };
  }

  private bestSplit(word: string): { candidate: string; score: number } | undefined {
    let best: { candidate: string; score: number } | undefined;
    for (let i = 1; i < word.length; i++) {
      const [left, right] = [word.slice(0, i), word.slice(i)];
      const count = Math.min(this.frequencies.count(left), this.frequencies.count(right));
      // Both parts common words ("a" and "I" aside, single letters are not).
      if (count < SPLIT_PART_COUNT || (left.length === 1 && !['a', 'i'].includes(left)) || right.length === 1)
        continue;
      const score = Math.log10(count + 1) - SPLIT_COST;
      if (!best || score > best.score) best = { candidate: `${left} ${right}`, score };
    }
    return best;
  }
}

/** Keeps the SHORTLIST best-scored candidates, best first. */
function keepBest(shortlist: Scored[], scored: Scored): void {
  if (shortlist.length === SHORTLIST && scored.score <= shortlist[SHORTLIST - 1].score) return;
  if (shortlist.some((other) => other.candidate === scored.candidate)) return;
  let at = shortlist.findIndex((other) => scored.score > other.score);
  if (at < 0) at = shortlist.length;
  shortlist.splice(at, 0, scored);
  if (shortlist.length > SHORTLIST) shortlist.pop();
}

/** Writers keep a word's first letter, or swap the first two: other candidates are not worth the scan. */
function keepsFirstLetter(word: string, candidate: string): boolean {
  return candidate[0] === word[0] || candidate[0] === word[1] || candidate[1] === word[0];
}

function soundsAlike([primary, secondary]: [string, string], candidate: string): boolean {
  const [theirs, theirSecondary] = doubleMetaphone(candidate);
  return primary === theirs || primary === theirSecondary || secondary === theirs;
}

function endsAlike(word: string, candidate: string): boolean {
  // A silent "e" is what writers add where none belongs ("wille", "develope"): it says nothing of the ending meant.
  if (word.endsWith('e')) return false;
  return (
    candidate.at(-1) === word.at(-1) || (candidate.at(-1) === word.at(-2) && candidate.at(-2) === word.at(-1))
  );
}

/** Set bits of a 32-bit number, without a loop: this runs for every word of the candidate list. */
function bitCount(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
