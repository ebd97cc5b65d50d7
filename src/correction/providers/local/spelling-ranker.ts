import { doubleMetaphone } from 'double-metaphone';

import { letterMask, WordFrequencies } from './word-frequencies.js';

/** QWERTY neighbours: a slip to an adjacent key is a likelier typo than any other substitution. */
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const NEIGHBOURS = new Map<string, Set<string>>();
ROWS.forEach((row, r) =>
  [...row].forEach((key, c) => {
    const near = new Set<string>();
    for (const [dr, dc] of [
      [0, -1],
      [0, 1],
      [-1, 0],
      [-1, 1],
      [1, 0],
      [1, -1],
    ] as const) {
      const other = ROWS[r + dr]?.[c + dc];
      if (other) near.add(other);
    }
    NEIGHBOURS.set(key, near);
  }),
);
const VOWELS = new Set('aeiouy');
/** Consonants that can spell the same sound ("neccesary", "exersize"): a writer's slip, not a typist's. */
const SOUND_ALIKE = new Map<string, string>([
  ['c', 'sk'],
  ['s', 'cz'],
  ['k', 'c'],
  ['z', 's'],
  ['g', 'j'],
  ['j', 'g'],
]);

/** Cost of each kind of slip: what writers really mistype costs less. */
const COST = {
  transposition: 0.7,
  moved: 1, // a letter two places from where it belongs ("tounge")
  doubled: 0.5, // a letter typed twice, or once where it is doubled ("adress", "succesful")
  nearKey: 0.8,
  vowel: 0.8, // a vowel for another vowel ("definate")
  substitution: 1.2,
  insertion: 0.7, // a letter left out ("futher", "collegue"): writers drop letters more often than they add them
  deletion: 1,
  split: 1.2, // a missing space ("aboutit" → "about it")
  apostrophe: 0.3, // a missing apostrophe in a contraction ("didnt", "theyre")
  firstLetter: 0.3,
} as const;

/** One unit of slip cost is worth this many orders of magnitude of word frequency. */
const COST_WEIGHT = 3.5;
/** A candidate that ends like the misspelling is this much likelier. */
const SAME_ENDING_BONUS = 0.45;
/**
 * A candidate that sounds like the misspelling (Double Metaphone: "saught" and "sought", not "caught") is
 * this much likelier. Measured (`npm run bench:quality`, 2026-12-03): 0.2, 0.3, 0.4, 0.5 and 0.7 gave top-1
 * 92.2, 92.4, 92.5, 92.2 and 91.6 % against 91.8 % without it; recall and false alarms did not move.
 * Drawing candidates from the words that sound alike too ("fysics" → "physics", beyond the slip scan)
 * lost 0.4–1.6 points: Double Metaphone is coarse ("beaurocracy" sounds like "progress").
 */
const PHONETIC_BONUS = 0.3;

const MAX_COST = 2.2;
/** A word used this often (in 51 million) is frequent: one that is close beats a split. */
const FREQUENT_WORD_COUNT = 5_000;
/** A word this many slips away is "close": a frequent one that close beats a split ("thyat" → "that"). */
const CLOSE_COST = 1;
/** A word used this often (in 51 million) is common enough to be half of a missing-space split. */
const SPLIT_PART_COUNT = 20_000;

/**
 * Ranks spelling candidates by how likely the writer meant them: an edit distance in which
 * transpositions, doubled letters, adjacent keys and vowel swaps cost less than other slips (so
 * "idaes" is one slip from "ideas"), a word that sounds the same less still ("fonetic" → "phonetic"),
 * traded against how common the candidate is (so "eror" becomes "error", not "err"). A split into two words is offered only when both are common and no frequent
 * single word is close ("thyat" is "that"; "aboutit" is "about it", "about" being two slips away). The
 * threshold for "common" was measured: 5,000 instead of 20,000 split "eachother" and "atleast" but cost
 * four of the benchmark's words ("formost" → "for most").
 */
export class SpellingRanker {
  public constructor(private readonly frequencies: WordFrequencies = WordFrequencies.get()) {}

  /** Whether `word` is an English word in common use (a spelling "mistake" on it is likely a false alarm). */
  public isCommon(word: string, minCount = 100): boolean {
    return this.frequencies.count(word) >= minCount;
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
    const word = misspelled.toLowerCase();
    const sounds = doubleMetaphone(word);
    let best: { candidate: string; score: number; cost: number } | undefined;
    const consider = (candidate: string, weight: number, cost: number) => {
      if (cost > MAX_COST || candidate === word || !this.mayMean(word, candidate)) return;
      // Writers mean their word's ending ("approachs" is a plural, "attened" a past tense), even when they
      // swapped its last two letters ("soem" is "some", not "seem").
      const sameEnding = endsAlike(word, candidate) ? SAME_ENDING_BONUS : 0;
      const phonetic = soundsAlike(sounds, candidate) ? PHONETIC_BONUS : 0;
      const score = Math.log10(weight + 1) - COST_WEIGHT * (cost - sameEnding - phonetic);
      if (!best || score > best.score) best = { candidate, score, cost };
    };
    const letters = letterMask(word);
    for (let length = word.length - 2; length <= word.length + 2; length++) {
      for (const { word: candidate, weight, letters: theirs } of this.frequencies.byLength.get(length) ??
        []) {
        // Two slips change at most four letters' presence: a cheap test that skips most of the list.
        if (bitCount(letters ^ theirs) > 4) continue;
        // Writers keep a word's first letter, or swap the first two: anything else is not worth the scan.
        if (candidate[0] !== word[0] && candidate[0] !== word[1] && candidate[1] !== word[0]) continue;
        const cost = slipCost(word, candidate, MAX_COST);
        if (cost <= MAX_COST) consider(candidate, weight, cost);
      }
    }
    // Harper's candidates compete on the same terms as the list's: giving its first choice a head start
    // lost 0.8 point of top-1 once the dictionary check was in (`npm run bench:quality`, 2026-12-02).
    for (const extra of extraCandidates) {
      const lower = extra.toLowerCase();
      // Harper's splits ("all edges") count only under the split rule below.
      if (/^[a-z']+$/.test(lower) && this.frequencies.suggestable(lower))
        consider(lower, this.frequencies.weight(lower), slipCost(word, lower, MAX_COST));
    }
    const single = best;
    const split = this.bestSplit(word);
    if (
      split &&
      (!single ||
        (single.score < split.score &&
          (this.frequencies.count(single.candidate) < FREQUENT_WORD_COUNT || single.cost > CLOSE_COST)))
    )
      return split.candidate;
    return single?.candidate;
  }

  private bestSplit(word: string): { candidate: string; score: number } | undefined {
    let best: { candidate: string; score: number } | undefined;
    for (let i = 1; i < word.length; i++) {
      const [left, right] = [word.slice(0, i), word.slice(i)];
      const count = Math.min(this.frequencies.count(left), this.frequencies.count(right));
      // Both parts common words ("a" and "I" aside, single letters are not).
      if (count < SPLIT_PART_COUNT || (left.length === 1 && !['a', 'i'].includes(left)) || right.length === 1)
        continue;
      const score = Math.log10(count + 1) - COST_WEIGHT * COST.split;
      if (!best || score > best.score) best = { candidate: `${left} ${right}`, score };
    }
    return best;
  }
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

/**
 * Weighted Damerau–Levenshtein distance (optimal string alignment), with one more slip: a letter moved two
 * places ("tounge" for "tongue", "restaraunt" for "restaurant"). Cut off past `limit`.
 */
export function slipCost(a: string, b: string, limit = Infinity): number {
  const cols = b.length + 1;
  // Rows i-3 … i: a swap reaches back two rows, a moved letter three.
  let previous3 = new Float64Array(cols);
  let previous2 = new Float64Array(cols);
  let previous = new Float64Array(cols);
  let current = new Float64Array(cols);
  for (let j = 1; j < cols; j++) previous[j] = previous[j - 1] + insertionCost(b, j - 1);
  // The smallest cost in the two rows before `current`: a row past the limit ends the scan only if they are too.
  let min2 = 0;
  let min1 = 0;
  for (let i = 1; i <= a.length; i++) {
    current[0] = previous[0] + deletionCost(a, i - 1);
    let rowMin = current[0];
    const ca = a[i - 1];
    for (let j = 1; j < cols; j++) {
      const cb = b[j - 1];
      let cost = previous[j] + deletionCost(a, i - 1);
      const insert = current[j - 1] + insertionCost(b, j - 1);
      if (insert < cost) cost = insert;
      const substitute = previous[j - 1] + (ca === cb ? 0 : substitutionCost(ca, cb, j - 1));
      if (substitute < cost) cost = substitute;
      if (i > 1 && j > 1 && ca === b[j - 2] && a[i - 2] === cb && ca !== cb) {
        const swap = previous2[j - 2] + COST.transposition;
        if (swap < cost) cost = swap;
      }
      // The last letter typed moved either way is one of the candidate's last three: test that first.
      if (
        ca !== cb &&
        i > 2 &&
        j > 2 &&
        (ca === b[j - 2] || ca === b[j - 3]) &&
        isMovedLetter(a, i - 3, b, j - 3)
      ) {
        const moved = previous3[j - 3] + COST.moved + (j === 3 ? COST.firstLetter : 0);
        if (moved < cost) cost = moved;
      }
      current[j] = cost;
      if (cost < rowMin) rowMin = cost;
    }
    // Give up once three rows in a row are past the limit: no swap or move can reach back further.
    if (rowMin > limit && min1 > limit && min2 > limit) return Infinity;
    min2 = min1;
    min1 = rowMin;
    [previous3, previous2, previous, current] = [previous2, previous, current, previous3];
  }
  return previous[cols - 1];
}

/**
 * Whether the three letters of `b` at `j` are those of `a` at `i` with the first or the last moved across
 * the other two. (Three equal letters pass too; the unchanged alignment costs less, so it never counts.)
 */
function isMovedLetter(a: string, i: number, b: string, j: number): boolean {
  return (
    (a[i] === b[j + 2] && a[i + 1] === b[j] && a[i + 2] === b[j + 1]) ||
    (a[i] === b[j + 1] && a[i + 1] === b[j + 2] && a[i + 2] === b[j])
  );
}

/**
 * Dropping a letter that doubles its neighbour ("succesful" for "successful") is a cheap slip; writers
 * rarely get a word's first letter wrong, so any slip there costs more.
 */
function insertionCost(target: string, j: number): number {
  if (target[j] === "'") return COST.apostrophe;
  const base = target[j] === target[j - 1] || target[j] === target[j + 1] ? COST.doubled : COST.insertion;
  return j === 0 ? base + COST.firstLetter : base;
}

function deletionCost(source: string, i: number): number {
  const base = source[i] === source[i - 1] || source[i] === source[i + 1] ? COST.doubled : COST.deletion;
  return i === 0 ? base + COST.firstLetter : base;
}

function substitutionCost(a: string, b: string, j: number): number {
  const base =
    (VOWELS.has(a) && VOWELS.has(b)) || SOUND_ALIKE.get(a)?.includes(b)
      ? COST.vowel
      : NEIGHBOURS.get(a)?.has(b)
        ? COST.nearKey
        : COST.substitution;
  return j === 0 ? base + COST.firstLetter : base;
}

/** Set bits of a 32-bit number, without a loop: this runs for every word of the candidate list. */
function bitCount(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
