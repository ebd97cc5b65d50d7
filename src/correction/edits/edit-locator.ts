import { assertValidEdits, InvalidEditsError, isEditCategory, type TextEdit } from './text-edit.js';

/** An edit as the model states it: what to replace, not where (models count characters badly). */
export interface ProposedEdit {
  original: string;
  replacement: string;
  message: string;
  category: string;
}

/**
 * Turns the model's proposed edits for one piece into offset-based edits, computing every offset ourselves:
 * each `original` is looked up in the piece, in order, after the previous edit (then anywhere that does
 * not overlap one already placed). The answer is all-or-nothing: if any `original` is not in the piece,
 * the model was answering about other text, so the whole answer is rejected (`InvalidEditsError`) and the
 * caller falls back. No-op edits are dropped; unknown categories become `other`. An edit that adds text
 * no correction would (a link, an e-mail address, far more words than it replaces) is how an injected
 * instruction shows; it rejects the whole answer the same way.
 */
export function locateEdits(piece: string, proposed: readonly ProposedEdit[]): TextEdit[] {
  const placed: TextEdit[] = [];
  let cursor = 0;
  for (const [i, edit] of proposed.entries()) {
    if (typeof edit.original !== 'string' || typeof edit.replacement !== 'string') {
      throw new InvalidEditsError(`proposed edit ${i} is not text`);
    }
    if (edit.original === edit.replacement) continue;
    if (edit.original.length === 0) throw new InvalidEditsError(`proposed edit ${i} has an empty original`);
    const implausible = implausibleReplacement(edit.original, edit.replacement);
    if (implausible) throw new InvalidEditsError(`proposed edit ${i} ${implausible}`);
    const offset = findFree(piece, edit.original, cursor, placed);
    if (offset < 0)
      throw new InvalidEditsError(`proposed edit ${i}: "${edit.original.slice(0, 40)}" is not in the piece`);
    placed.push({
      offset,
      length: edit.original.length,
      original: edit.original,
      replacement: edit.replacement,
      message: typeof edit.message === 'string' ? edit.message.slice(0, 500) : '',
      category: isEditCategory(edit.category) ? edit.category : 'other',
    });
    cursor = offset + edit.original.length;
  }
  placed.sort((a, b) => a.offset - b.offset);
  assertValidEdits(piece, placed);
  return placed;
}

function findFree(piece: string, needle: string, from: number, placed: readonly TextEdit[]): number {
  const overlaps = (at: number) =>
    placed.some((p) => at < p.offset + p.length && p.offset < at + needle.length);
  for (let at = piece.indexOf(needle, from); at >= 0; at = piece.indexOf(needle, at + 1)) {
    if (!overlaps(at)) return at;
  }
  for (let at = piece.indexOf(needle); at >= 0 && at < from; at = piece.indexOf(needle, at + 1)) {
    if (!overlaps(at)) return at;
  }
  return -1;
}

const LINK =
  /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|dev|app|co|info|biz|xyz|ru|cn)\b/i;
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;

/** Why a replacement is not plausibly a correction of `original`, or undefined when it is. */
export function implausibleReplacement(original: string, replacement: string): string | undefined {
  if (LINK.test(replacement) && !LINK.test(original)) return 'adds a link';
  if (EMAIL.test(replacement) && !EMAIL.test(original)) return 'adds an e-mail address';
  // Rewording may lengthen a phrase; tripling it (plus a sentence's worth) is new content, not a fix.
  if (replacement.length > 3 * original.length + 40) return 'is far longer than what it replaces';
  return undefined;
}
