// How a spelling candidate's shape compares with the typed word's: length, first letter, ending, a syllable
// typed twice, letters in common. The ranker reads these to pick the candidates it scores, and to score them.

/**
 * How much longer and shorter than the typed word a candidate may be: writers leave out more letters than
 * they add ("sucesfuly" is "successfully"; a third letter more gained 0.15 point of top-1 for 15 % more
 * ranking time, a third letter fewer 0.02 point for 10 %, 2026-12-03).
 */
export const MAX_LONGER = 3;
export const MAX_SHORTER = 2;
/** The runs of letters looked for typed twice in a row, by length. */
const STUTTER_LENGTHS = [3, 4];

/**
 * Whether `candidate` keeps the typed word's first letter, or swaps the first two: the candidates the
 * first-letter scan reads (the sound index adds only the others).
 */
export function keepsFirstLetter(word: string, candidate: string): boolean {
  return candidate[0] === word[0] || candidate[0] === word[1] || candidate[1] === word[0];
}

/** `word` with a run of STUTTER_LENGTHS letters typed twice in a row typed once: "suburburban" → "suburban". */
export function withoutStutter(word: string): Set<string> {
  const once = new Set<string>();
  for (const length of STUTTER_LENGTHS)
    for (let i = 0; i + 2 * length <= word.length; i++)
      if (word.startsWith(word.slice(i, i + length), i + length))
        once.add(word.slice(0, i) + word.slice(i + length));
  return once;
}

/** Whether `candidate` is no more than MAX_LONGER letters longer, or MAX_SHORTER shorter, than `word`. */
export function fitsLength(word: string, candidate: string): boolean {
  const longer = candidate.length - word.length;
  return longer <= MAX_LONGER && -longer <= MAX_SHORTER;
}

/** Whether `candidate` ends as the writer of `word` likely meant it to end. */
export function endsAlike(word: string, candidate: string): boolean {
  // A silent "e" is what writers add where none belongs ("wille", "develope"): it says nothing of the ending meant.
  if (word.endsWith('e')) return false;
  // ... and leave out where one belongs ("troup" is "troupe"): then the ending meant is the letter before it.
  return (
    candidate.at(-1) === word.at(-1) ||
    (candidate.at(-1) === word.at(-2) && candidate.at(-2) === word.at(-1)) ||
    (candidate.at(-1) === 'e' && candidate.at(-2) === word.at(-1))
  );
}

/** Set bits of a 32-bit number, without a loop: this runs for every word of the candidate list. */
export function bitCount(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
