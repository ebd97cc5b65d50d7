import { SPELLING_ERROR_COUNTS as COUNTS } from './spelling-error-counts.js';

const SIZE = COUNTS.alphabet.length;
/** Row of "before the first letter" in the tables. */
const START = SIZE - 1;
const APOSTROPHE = COUNTS.alphabet.indexOf("'");
/** An apostrophe typed for a letter, added or swapped: as unlikely as a rare slip. */
const APOSTROPHE_SLIP = 3;
/** Added to every count, so a slip the training list never showed is unlikely, not impossible. */
const SMOOTHING = 0.5;

/**
 * How likely a writer who meant one word is to type another: a noisy-channel error model in the manner
 * of Kernighan, Church and Gale (1990), learned from a public list of misspellings
 * (`scripts/spelling-error-model.mjs`, which leaves out every misspelling the quality benchmark measures).
 * Each slip costs -log10 of its probability: a letter typed for another given the letter meant ("a" for
 * "e" is likelier than "x" for "e"), a letter left out or added given the one before it (a doubled
 * letter is often left out), two neighbouring letters swapped, a letter moved two places ("tounge"). The
 * cost of a pair is that of its cheapest alignment (optimal string alignment, plus the move), so `cost` is
 * about -log10 P(typed | intended).
 */
export class SpellingErrorModel {
  private readonly substituted = costs(COUNTS.substituted, (row) => COUNTS.letters[row], APOSTROPHE_SLIP);
  /** Left out: the apostrophe keeps its smoothed cost, so "didnt" is one likely slip from "didn't". */
  private readonly omitted = costs(COUNTS.omitted, (row, column) => COUNTS.letterPairs[row * SIZE + column]);
  private readonly added = costs(COUNTS.added, (row) => COUNTS.letters[row], APOSTROPHE_SLIP);
  private readonly swapped = costs(
    COUNTS.swapped,
    (row, column) => COUNTS.letterPairs[row * SIZE + column],
    APOSTROPHE_SLIP,
  );

  /** A letter moved two places ("tounge"): how often the training list shows it, per three-letter window. */
  private readonly moved = -Math.log10((COUNTS.moved + SMOOTHING) / (COUNTS.letterTriples + SMOOTHING));

  /**
   * The ranker scores thousands of candidates against one typed word: its letter indices and the DP's rows
   * are kept between calls instead of being built for each candidate.
   */
  private typed = '';
  private typedLetters = new Int8Array(0);
  private rows = [new Float64Array(0), new Float64Array(0), new Float64Array(0), new Float64Array(0)];

  /** -log10 P(`typed` | `intended`), both lower case; Infinity once it is sure to exceed `limit`. */
  public cost(typed: string, intended: string, limit = Infinity): number {
    const n = typed.length;
    const cols = n + 1;
    if (typed !== this.typed) {
      this.typed = typed;
      this.typedLetters = Int8Array.from(typed, letterIndex);
      if (this.rows[0].length < cols) this.rows = this.rows.map(() => new Float64Array(cols));
    }
    const t = this.typedLetters;
    // Rows over the intended word: a swap reaches back two rows, a moved letter three. Only columns
    // 0..n are read, each written before it is read, so the kept rows need no clearing.
    let [previous3, previous2, previous, current] = this.rows;
    previous[0] = 0;
    for (let j = 1; j < cols; j++) previous[j] = previous[j - 1] + this.added[START * SIZE + t[j - 1]];
    let previousMin = 0;
    let previousMin2 = 0;
    let before = START;
    let beforeThat = -1;
    for (let i = 1; i <= intended.length; i++) {
      const meant = letterIndex(intended[i - 1]);
      const omit = this.omitted[before * SIZE + meant];
      current[0] = previous[0] + omit;
      let rowMin = current[0];
      for (let j = 1; j < cols; j++) {
        const got = t[j - 1];
        let cost = previous[j] + omit;
        const add = current[j - 1] + this.added[meant * SIZE + got];
        if (add < cost) cost = add;
        const keep = previous[j - 1] + (meant === got ? 0 : this.substituted[meant * SIZE + got]);
        if (keep < cost) cost = keep;
        if (beforeThat >= 0 && j > 1 && meant === t[j - 2] && before === got && meant !== got) {
          const swap = previous2[j - 2] + this.swapped[before * SIZE + meant];
          if (swap < cost) cost = swap;
        }
        if (
          i > 2 &&
          j > 2 &&
          meant !== got &&
          isMovedLetter(t[j - 3], t[j - 2], got, beforeThat, before, meant)
        ) {
          const move = previous3[j - 3] + this.moved;
          if (move < cost) cost = move;
        }
        current[j] = cost;
        if (cost < rowMin) rowMin = cost;
      }
      // Costs only grow: once three rows in a row are past the limit, no swap or move can bring a path back.
      if (rowMin > limit && previousMin > limit && previousMin2 > limit) return Infinity;
      previousMin2 = previousMin;
      previousMin = rowMin;
      beforeThat = before;
      before = meant;
      [previous3, previous2, previous, current] = [previous2, previous, current, previous3];
    }
    return previous[cols - 1];
  }
}

/**
 * -log10 of each slip's smoothed probability: its count over how often its context occurred. The training
 * list holds letters only, so a slip involving the apostrophe costs `apostrophe` when given ("iwll" is
 * not "I'll").
 */
function costs(
  counts: readonly number[],
  contexts: (row: number, column: number) => number,
  apostrophe?: number,
): Float64Array {
  return Float64Array.from(counts, (count, k) => {
    const [row, column] = [Math.floor(k / SIZE), k % SIZE];
    if (apostrophe !== undefined && (row === APOSTROPHE || column === APOSTROPHE)) return apostrophe;
    return -Math.log10((count + SMOOTHING) / (contexts(row, column) + SMOOTHING * SIZE));
  });
}

/**
 * Whether three typed letters (a0 a1 a2) are three intended ones (b0 b1 b2) with one moved across the other
 * two; letters as indices, as the DP holds them.
 */
function isMovedLetter(a0: number, a1: number, a2: number, b0: number, b1: number, b2: number): boolean {
  return a0 !== b0 && ((a0 === b2 && a1 === b0 && a2 === b1) || (a0 === b1 && a1 === b2 && a2 === b0));
}

/** a–z are 0–25; the apostrophe (and anything else a candidate word holds) is 26. */
function letterIndex(char: string): number {
  const code = char.charCodeAt(0) - 97;
  return code >= 0 && code < 26 ? code : 26;
}
