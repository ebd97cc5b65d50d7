// Types of the error model's training script, for the unit test that checks the committed counts.
export declare const ALPHABET: string;
export declare function trainingPairs(): [typed: string, intended: string][];
export interface SpellingErrorCounts {
  pairs: number;
  moved: number;
  letterTriples: number;
  substituted: number[];
  omitted: number[];
  added: number[];
  swapped: number[];
  letters: number[];
  letterPairs: number[];
}
export declare function trainSpellingErrorCounts(pairs?: [string, string][]): SpellingErrorCounts;
export declare function renderCounts(counts: SpellingErrorCounts): string;
export declare function renderRewriteCounts(pairs?: [string, string][]): string;
