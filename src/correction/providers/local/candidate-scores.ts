// How the ranker scores a candidate: how likely the writer meant it before any slip (its frequency and the
// bonuses) minus the weighted cost of the slips, and the shortlist of the best it keeps while it scans.
import { endsAlike } from './candidate-shape.js';
import { type Sounds, soundsAlike } from './sound-index.js';

// The four weights below were picked on the benchmark's list (the ranker alone, 2026-12-03); moving any one
// of them by 0.15-0.5 changed top-1 by 0.1 point at most.
/** Each order of magnitude of P(typed | intended) counts this much more than one of word frequency. */
export const ERROR_WEIGHT = 1.3;
/** A candidate that ends like the misspelling is this much likelier (orders of magnitude). */
const SAME_ENDING_BONUS = 0.3;
/**
 * A candidate that sounds like the misspelling (Double Metaphone: "saught" and "sought", not "caught") is
 * this much likelier (orders of magnitude).
 */
const PHONETIC_BONUS = 0.8;
/** A candidate with another first letter is this much less likely (orders of magnitude). */
const FIRST_LETTER_PENALTY = 0.5;
/**
 * Added to a candidate's weight before its logarithm: small, so that a word of SCOWL's rarest size (weight
 * 0.1) counts an order of magnitude below one the subtitles used once ("unwieldily" is no likelier than
 * "unwieldy" for "unwieldly"; 1 here made them 0.3 apart, and top-1 0.1 point lower, 2026-12-03).
 */
const WEIGHT_SMOOTHING = 0.1;
/** Candidates whose misspelling is less likely than 10^-MAX_COST are not considered. */
export const MAX_COST = 7;
/**
 * The letter model's best candidates that the rewrite model scores again: the intended word was among the
 * first 10 whenever rescoring could bring it first (30 gave the same top-1, 2026-12-03).
 */
const SHORTLIST = 10;
/** Runners-up offered beside the first suggestion, as LanguageTool and the editor show them. */
const MAX_ALTERNATIVES = 2;
/**
 * A runner-up is offered only if at most this many orders of magnitude less likely than the first
 * suggestion: a button for a word the writer almost surely did not mean is noise.
 */
const ALTERNATIVE_MARGIN = 1;

export interface Scored {
  candidate: string;
  /** Frequency and the bonuses, before the cost of the slips. */
  prior: number;
  /** -log10 P(typed | candidate), by the letter model. */
  cost: number;
  score: number;
}

/** The next likeliest candidates after one scored `best`, likeliest first (`MAX_ALTERNATIVES`, `ALTERNATIVE_MARGIN`). */
export function runnersUp(others: readonly Scored[], best: number): string[] {
  return others
    .filter((other) => other.score >= best - ALTERNATIVE_MARGIN)
    .slice(0, MAX_ALTERNATIVES)
    .map((other) => other.candidate);
}

/** How likely the writer meant `candidate` before the slips' cost: its frequency and the bonuses. */
export function priorOf(word: string, sounds: Sounds, candidate: string, weight: number): number {
  // Writers mean their word's ending ("approachs" is a plural, "attened" a past tense), even when they
  // swapped its last two letters ("soem" is "some", not "seem").
  const sameEnding = endsAlike(word, candidate) ? SAME_ENDING_BONUS : 0;
  const phonetic = soundsAlike(sounds, candidate) ? PHONETIC_BONUS : 0;
  // Writers rarely get a word's first letter wrong: "ommited" is not "committed".
  const firstLetter = candidate[0] === word[0] ? 0 : FIRST_LETTER_PENALTY;
  return Math.log10(weight + WEIGHT_SMOOTHING) + sameEnding + phonetic - firstLetter;
}

/**
 * The costliest misspelling of a word of `weight` that could still make the shortlist, with every bonus:
 * the error model stops once past it, and most of the scan's candidates are past it after a few letters.
 */
export function costLimit(shortlist: readonly Scored[], weight: number): number {
  if (shortlist.length < SHORTLIST) return MAX_COST;
  const bestPrior = Math.log10(weight + WEIGHT_SMOOTHING) + SAME_ENDING_BONUS + PHONETIC_BONUS;
  return Math.min(MAX_COST, (bestPrior - shortlist[SHORTLIST - 1].score) / ERROR_WEIGHT);
}

/**
 * Keeps the SHORTLIST best-scored candidates, best first, each once at its best score: a word the scan
 * found far ("left" for "lefted") may come again, closer, as a regularised past.
 */
export function keepBest(shortlist: Scored[], scored: Scored): void {
  if (shortlist.length === SHORTLIST && scored.score <= shortlist[SHORTLIST - 1].score) return;
  const seen = shortlist.findIndex((other) => other.candidate === scored.candidate);
  if (seen >= 0) {
    if (shortlist[seen].score >= scored.score) return;
    shortlist.splice(seen, 1);
  }
  let at = shortlist.findIndex((other) => scored.score > other.score);
  if (at < 0) at = shortlist.length;
  shortlist.splice(at, 0, scored);
  if (shortlist.length > SHORTLIST) shortlist.pop();
}
