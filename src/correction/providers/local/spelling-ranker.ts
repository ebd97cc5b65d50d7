import {
  costLimit,
  ERROR_WEIGHT,
  keepBest,
  MAX_COST,
  priorOf,
  runnersUp,
  type Scored,
} from './candidate-scores.js';
import {
  bitCount,
  fitsLength,
  keepsFirstLetter,
  MAX_LONGER,
  MAX_SHORTER,
  withoutStutter,
} from './candidate-shape.js';
import type { HarperDialect } from './harper-linter.js';
import { irregularPastsFor } from './irregular-verbs.js';
import { SoundIndex, soundsOf } from './sound-index.js';
import { SpellingErrorModel } from './spelling-error-model.js';
import { SpellingRewriteModel } from './spelling-rewrite-model.js';
import { type CandidateWord, letterMask, WordFrequencies } from './word-frequencies.js';

/**
 * An irregular verb given the regular ending ("teached" for "taught") is a habit, not a slip of the
 * fingers: about as likely as a common slip.
 */
const REGULARISED_COST = 1;
/**
 * A syllable typed twice ("suburburban", "telelevision") is one slip of the hand, which the letter model
 * counts as three or four letters added: it costs about what one letter slip does. Runs of two letters are
 * left out: English repeats them ("beginning", "addresses"), and taking them for slips lost more of the
 * benchmark's words than it gained (ranker alone, 2026-12-03).
 */
const STUTTER_COST = 2;
/** A word used this often (in 51 million) is frequent: one that is close beats a split. */
const FREQUENT_WORD_COUNT = 5_000;
/** A word this unlikely to be mistyped as the misspelling is still "close" (about one slip). */
const CLOSE_COST = 3;
/** A word used this often (in 51 million) is common enough to be half of a missing-space split. */
const SPLIT_PART_COUNT = 20_000;
/** A missing space, in orders of magnitude: as unlikely as a rare slip. */
const SPLIT_COST = 4.2;

/** What `rank` found for a misspelling. */
export interface Ranking {
  /** The likeliest intended word, lower case (two words for a missing space). */
  candidate: string;
  /** At most about one slip from what was typed: strong evidence that the writer meant it. */
  close: boolean;
  /** The next likeliest, lower case, offered beside it: a writer who meant another word finds it there. */
  alternatives: string[];
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
  /**
   * Candidates by how they sound. Words of SCOWL's rarest size and WordNet's alone are left out: they win
   * only when typed all but exactly.
   */
  private readonly sounds: SoundIndex;

  public constructor(
    private readonly frequencies: WordFrequencies = WordFrequencies.get(),
    private readonly errors = new SpellingErrorModel(),
    private readonly rewrites = new SpellingRewriteModel(),
  ) {
    this.sounds = new SoundIndex([...frequencies.candidates()].filter((candidate) => candidate.weight >= 1));
  }

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

  /**
   * Whether `word` (lower case) is a contraction with its apostrophe left out ("dont", "thats"): the
   * subtitles write those often enough to count as words in use, but they are the slip.
   */
  public isContractionWithoutApostrophe(word: string): boolean {
    for (let at = 1; at < word.length; at++)
      if (this.frequencies.isContraction(`${word.slice(0, at)}'${word.slice(at)}`)) return true;
    return false;
  }

  /** Whether `word` is a spelling of some variants of English only ("colour", "color"; `WordFrequencies`). */
  public isVariantSpelling(word: string): boolean {
    return this.frequencies.isVariantSpelling(word.toLowerCase());
  }

  /** -log10 P(`typed` | `intended`), both lower case: the letter model's or the habits', whichever is lower. */
  public slipCost(typed: string, intended: string): number {
    return Math.min(this.errors.cost(typed, intended), this.rewrites.cost(typed, intended));
  }

  /** `words` with the ones writers use most first (counted uses in the subtitles); ties keep their order. */
  public commonestFirst(words: readonly string[]): string[] {
    return words.toSorted((a, b) => this.frequencies.count(b) - this.frequencies.count(a));
  }

  /** Whether writers are likelier to mean `candidate` than `word` (by `WordFrequencies.weight`). */
  public isLikelier(candidate: string, word: string): boolean {
    return this.frequencies.weight(candidate) > this.frequencies.weight(word);
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
  public best(
    misspelled: string,
    extraCandidates: readonly string[] = [],
    dialect: HarperDialect = 'American',
  ): string | undefined {
    return this.rank(misspelled, extraCandidates, dialect)?.candidate;
  }

  /** The likeliest intended word, whether it is close, and the runners-up (`Ranking`). */
  public rank(
    misspelled: string,
    extraCandidates: readonly string[] = [],
    dialect: HarperDialect = 'American',
  ): Ranking | undefined {
    const word = misspelled.toLowerCase();
    const sounds = soundsOf(word);
    const shortlist: Scored[] = [];
    const consider = (candidate: string, weight: number, cost: number) => {
      if (cost > MAX_COST || candidate === word || !this.mayMean(word, candidate)) return;
      if (!this.frequencies.inDialect(candidate, dialect)) return;
      const prior = priorOf(word, sounds, candidate, weight);
      keepBest(shortlist, { candidate, prior, cost, score: prior - ERROR_WEIGHT * cost });
    };
    const letters = letterMask(word);
    const scan = (candidates: readonly CandidateWord[], skip?: (candidate: string) => boolean) => {
      for (const { word: candidate, weight, letters: theirs } of candidates) {
        // Two slips change at most four letters' presence: a cheap test that skips most of the list.
        if (bitCount(letters ^ theirs) > 4 || skip?.(candidate)) continue;
        const cost = this.errors.cost(word, candidate, costLimit(shortlist, weight));
        if (cost <= MAX_COST) consider(candidate, weight, cost);
      }
    };
    // Writers keep a word's first letter, or swap the first two ("hte"): candidates that start with
    // either, or whose second letter is the typed first one.
    for (let length = word.length - MAX_SHORTER; length <= word.length + MAX_LONGER; length++) {
      scan(this.frequencies.startingWith(length, word[0]));
      if (word[1] !== word[0]) scan(this.frequencies.startingWith(length, word[1]));
      scan(this.frequencies.withSecondLetter(length, word[0]), (c) => c[0] === word[0] || c[0] === word[1]);
    }
    // A word that sounds the same may start with another letter ("fonetic" → "phonetic", "intrusted" →
    // "entrusted", "sionist" → "zionist"): the scan above skips those, so they come from the sound index,
    // and only when about one slip away ("oublisher" is not "abolisher", nor "yatch" "watch").
    for (const { word: candidate, weight } of this.sounds.alike(sounds)) {
      if (keepsFirstLetter(word, candidate) || !fitsLength(word, candidate)) continue;
      const cost = this.errors.cost(word, candidate, MAX_COST);
      if (cost <= CLOSE_COST || this.rewrites.cost(word, candidate) <= CLOSE_COST)
        consider(candidate, weight, cost);
    }
    for (const past of irregularPastsFor(word))
      consider(past, this.frequencies.weight(past), REGULARISED_COST);
    for (const once of withoutStutter(word))
      if (this.frequencies.weight(once) > 0 && this.frequencies.suggestable(once))
        consider(once, this.frequencies.weight(once), STUTTER_COST);
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
    const rescored = shortlist
      .map((scored) => {
        const habit = this.rewrites.cost(word, scored.candidate);
        return { ...scored, score: scored.prior - ERROR_WEIGHT * Math.min(scored.cost, habit) };
      })
      .sort((a, b) => b.score - a.score);
    const [single] = rescored;
    const split = this.bestSplit(word);
    if (
      split &&
      (!single ||
        (single.score < split.score &&
          (this.frequencies.count(single.candidate) < FREQUENT_WORD_COUNT || single.cost > CLOSE_COST)))
    )
      return { candidate: split.candidate, close: true, alternatives: runnersUp(rescored, split.score) };
    return (
      single && {
        candidate: single.candidate,
        close: single.cost <= CLOSE_COST,
        alternatives: runnersUp(rescored.slice(1), single.score),
      }
    );
  }

  /**
   * When no candidate is near enough to rank (`rank` found none), the likeliest of `suggestions` (Harper's)
   * and the words that sound like what was typed, however many slips away: "beaurocracy" sounds like
   * "bureaucracy" (Double Metaphone PRKRS), which Harper does not offer ("autocracy").
   */
  public likeliestFar(
    misspelled: string,
    suggestions: readonly string[],
    dialect: HarperDialect = 'American',
  ): string | undefined {
    const word = misspelled.toLowerCase();
    const sounds = soundsOf(word);
    const soundAlikes = [...this.sounds.alike(sounds)]
      .map((candidate) => candidate.word)
      .filter((candidate) => fitsLength(word, candidate) && this.frequencies.inDialect(candidate, dialect));
    let best: { suggestion: string; score: number } | undefined;
    for (const suggestion of [...suggestions, ...soundAlikes]) {
      const candidate = suggestion.toLowerCase();
      if (!this.mayMean(word, candidate)) continue;
      const score =
        priorOf(word, sounds, candidate, this.frequencies.weight(candidate)) -
        ERROR_WEIGHT * this.slipCost(word, candidate);
      if (!best || score > best.score) best = { suggestion, score };
    }
    return best?.suggestion;
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
