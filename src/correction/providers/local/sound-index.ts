import { doubleMetaphone } from 'double-metaphone';

import type { CandidateWord } from './word-frequencies.js';

/** A word's two Double Metaphone codes (primary, secondary: "genes" is JNS and KNS). */
export type Sounds = [primary: string, secondary: string];

export function soundsOf(word: string): Sounds {
  return doubleMetaphone(word);
}

/** Whether `candidate` sounds like the word of `sounds`: a code of either matches the other's primary. */
export function soundsAlike([primary, secondary]: Sounds, candidate: string): boolean {
  const [theirs, theirSecondary] = doubleMetaphone(candidate);
  return primary === theirs || primary === theirSecondary || secondary === theirs;
}

/**
 * Candidates by their Double Metaphone codes (both), for the slips that sound the same: a first letter
 * ("fonetic" → "phonetic"), or several letters ("beaurocracy" → "bureaucracy"). Built once with the
 * ranker (~0.4 s).
 */
export class SoundIndex {
  private readonly byCode = new Map<string, CandidateWord[]>();

  public constructor(candidates: Iterable<CandidateWord>) {
    for (const candidate of candidates) {
      const [primary, secondary] = doubleMetaphone(candidate.word);
      this.add(primary, candidate);
      if (secondary !== primary) this.add(secondary, candidate);
    }
  }

  /** The candidates sharing a code with a word of `sounds`, each once. */
  public *alike(sounds: Sounds): Iterable<CandidateWord> {
    const seen = new Set<CandidateWord>();
    for (const code of new Set(sounds))
      for (const candidate of this.byCode.get(code) ?? [])
        if (!seen.has(candidate)) {
          seen.add(candidate);
          yield candidate;
        }
  }

  private add(code: string, candidate: CandidateWord): void {
    const bucket = this.byCode.get(code);
    if (bucket) bucket.push(candidate);
    else this.byCode.set(code, [candidate]);
  }
}
