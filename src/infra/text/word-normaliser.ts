/**
 * Turns a word as typed into the one form every layer (cache key, PostgreSQL row, upstream URL) uses:
 * trimmed, NFC, lower-cased, typographic apostrophes folded to `'`. Anything that is not a word
 * (path separators, dots, percent signs, control characters, digits, doubled spaces) is refused with a
 * reason, so hostile input never reaches a key or a URL.
 */
export const MAX_WORD_LENGTH = 64;

/** Letters (any script, with their combining marks), joined by apostrophes, hyphens or single spaces. */
const LETTER = String.raw`\p{L}\p{M}*`;
const WORD_SHAPE = new RegExp(String.raw`^['\-]*${LETTER}(?:${LETTER}|['\-]| (?=['\-]*\p{L}))*$`, 'u');
const ALLOWED_CHAR = /^[\p{L}\p{M}'\- ]$/u;
/** Right single quotation mark and its look-alikes, typed by phones and word processors. */
const APOSTROPHES = /[\u2018\u2019\u02bc\u0060\u00b4]/g;

export type NormalisedWord = { ok: true; word: string } | { ok: false; reason: string };

export function normaliseWord(input: string): NormalisedWord {
  // Cheap guard before any Unicode work: NFC can grow a string, but never past ~3x.
  if (input.length > MAX_WORD_LENGTH * 8) return tooLong(input.length);
  const word = input.trim().normalize('NFC').toLowerCase().replace(APOSTROPHES, "'");
  const length = [...word].length;
  if (length === 0) return { ok: false, reason: 'is empty' };
  if (length > MAX_WORD_LENGTH) return tooLong(length);
  const bad = [...word].find((ch) => !ALLOWED_CHAR.test(ch));
  if (bad !== undefined) {
    return {
      ok: false,
      reason: `contains ${describe(bad)}; only letters, apostrophes, hyphens and single spaces are allowed`,
    };
  }
  if (word.includes('  '))
    return { ok: false, reason: 'contains consecutive spaces; separate words with a single space' };
  if (!WORD_SHAPE.test(word))
    return { ok: false, reason: 'must contain a letter, and each space must sit between two words' };
  return { ok: true, word };
}

function tooLong(length: number): NormalisedWord {
  return { ok: false, reason: `is ${length} characters long; at most ${MAX_WORD_LENGTH} are allowed` };
}

function describe(ch: string): string {
  const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(ch) ? `the character "${ch}" (${code})` : `the character ${code}`;
}
