import { assertValidEdits, isEditCategory, InvalidEditsError, type TextEdit } from './text-edit.js';

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
 * caller falls back. No-op edits are dropped; unknown categories become `other`.
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
