/**
 * Shorthand of texting and chat, with what it stands for. Harper flags these as misspellings, and the
 * nearest word by letters is never what the writer meant ("tmrw" → "threw", "Pls" → "Plus", "ppl" →
 * "pol", "prolly" → "Polly"). Only shorthand with one reading: "ur" (your, you're) and "bc" (because, BC)
 * are left to the ranker; the ones Harper expands itself ("cuz", "tho", "thru", "w/") are not repeated.
 */
const SHORTHAND: ReadonlyMap<string, string> = new Map(
  Object.entries({
    tmrw: 'tomorrow',
    tmr: 'tomorrow',
    tmw: 'tomorrow',
    pls: 'please',
    plz: 'please',
    ppl: 'people',
    rly: 'really',
    prolly: 'probably',
    abt: 'about',
    bday: 'birthday',
    convo: 'conversation',
    msgs: 'messages',
  }),
);

/** What `word` (any case) is shorthand for, if it is texting shorthand. */
export function shorthandFor(word: string): string | undefined {
  return SHORTHAND.get(word.toLowerCase());
}
