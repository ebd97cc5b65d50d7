/**
 * A suggested change to the submitted text. `offset` and `length` are UTF-16 code units (what
 * `String.prototype.slice` and a browser editor use), so `text.slice(offset, offset + length) === original`.
 */
export interface TextEdit {
  offset: number;
  length: number;
  original: string;
  replacement: string;
  message: string;
  category: EditCategory;
  /** The local checker's rule id (e.g. `SpellCheck`); used to honour `disabledRules`, never sent to clients. */
  rule?: string;
  /**
   * Other likely replacements of the same span, likeliest first: the local checker's runners-up for a
   * misspelling ("definitely" beside "defiantly"). Absent when there are none.
   */
  alternatives?: string[];
}

export const EDIT_CATEGORIES = [
  'grammar',
  'spelling',
  'punctuation',
  'capitalization',
  'repetition',
  'word-choice',
  'style',
  'clarity',
  'other',
] as const;
export type EditCategory = (typeof EDIT_CATEGORIES)[number];

export function isEditCategory(value: unknown): value is EditCategory {
  return typeof value === 'string' && (EDIT_CATEGORIES as readonly string[]).includes(value);
}

export class InvalidEditsError extends Error {
  public constructor(reason: string) {
    super(`invalid edits: ${reason}`);
    this.name = 'InvalidEditsError';
  }
}

/**
 * Checks that `edits` can be applied to `text` unambiguously: sorted, non-overlapping, inside the text,
 * `original` equal to the span it claims to replace, well-formed strings, and no no-op edits.
 * Throws `InvalidEditsError` naming the first problem.
 */
export function assertValidEdits(text: string, edits: readonly TextEdit[]): void {
  let cursor = 0;
  let previousWasInsertAt = -1;
  for (const [i, edit] of edits.entries()) {
    const { offset, length } = edit;
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
      throw new InvalidEditsError(`edit ${i} has a bad offset/length`);
    }
    if (offset + length > text.length) throw new InvalidEditsError(`edit ${i} runs past the end of the text`);
    if (offset < cursor) throw new InvalidEditsError(`edit ${i} overlaps or precedes the previous edit`);
    // Two insertions at the same point would have no defined order.
    if (length === 0 && previousWasInsertAt === offset)
      throw new InvalidEditsError(`edit ${i} inserts where edit ${i - 1} inserts`);
    if (text.slice(offset, offset + length) !== edit.original)
      throw new InvalidEditsError(`edit ${i}: original does not match the text`);
    if (
      !edit.original.isWellFormed() ||
      !edit.replacement.isWellFormed() ||
      edit.alternatives?.some((a) => !a.isWellFormed())
    )
      throw new InvalidEditsError(`edit ${i} splits a surrogate pair`);
    if (edit.original === edit.replacement) throw new InvalidEditsError(`edit ${i} changes nothing`);
    cursor = offset + length;
    previousWasInsertAt = length === 0 ? offset : -1;
  }
}

/** Applies sorted, non-overlapping edits (see `assertValidEdits`) in one pass. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let cursor = 0;
  for (const edit of edits) {
    out += text.slice(cursor, edit.offset) + edit.replacement;
    cursor = edit.offset + edit.length;
  }
  return out + text.slice(cursor);
}

/** The same edits, shifted by `delta` code units (piece offsets → document offsets). */
export function shiftEdits(edits: readonly TextEdit[], delta: number): TextEdit[] {
  return edits.map((edit) => ({ ...edit, offset: edit.offset + delta }));
}

/**
 * Keeps the edits of a list sorted by offset that do not overlap an earlier kept one.
 * Used for checkers (Harper) whose findings may overlap.
 */
export function dropOverlapping<T extends Pick<TextEdit, 'offset' | 'length'>>(edits: readonly T[]): T[] {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset || a.length - b.length);
  const kept: T[] = [];
  let cursor = 0;
  let lastInsertAt = -1;
  for (const edit of sorted) {
    if (edit.offset < cursor) continue;
    if (edit.length === 0 && edit.offset === lastInsertAt) continue;
    kept.push(edit);
    cursor = edit.offset + edit.length;
    lastInsertAt = edit.length === 0 ? edit.offset : -1;
  }
  return kept;
}
