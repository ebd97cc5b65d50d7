import { doubleMetaphone } from 'double-metaphone';

import { addTo, type CandidateWord } from './word-frequencies.js';

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
      addTo(this.byCode, primary, candidate);
      if (secondary !== primary) addTo(this.byCode, secondary, candidate);
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
}
