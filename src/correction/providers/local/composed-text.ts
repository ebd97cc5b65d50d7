import type { TextEdit } from '#src/correction/edits/text-edit.js';

const COMBINING_MARK = /\p{M}/u;
/** A character with the combining marks that follow it (or marks with nothing before them). */
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gu;

/**
 * A text as the checker reads it: each character composed with its combining marks (NFC), and the way
 * back to the writer's offsets. Harper reads a combining mark as a word boundary, so text written with
 * decomposed accents (as macOS file names and some PDFs give it: "nai\u0308ve") was linted as "nai" and
 * "ve", and "corrected" to "nail̈we". Text without combining marks, nearly all of it, is read as it is.
 */
export class ComposedText {
  private constructor(
    private readonly original: string,
    public readonly text: string,
    /** Per code unit of `text`: where its character starts and ends in `original`. */
    private readonly starts?: readonly number[],
    private readonly ends?: readonly number[],
  ) {}

  public static of(original: string): ComposedText {
    if (!COMBINING_MARK.test(original)) return new ComposedText(original, original);
    let text = '';
    const starts: number[] = [];
    const ends: number[] = [];
    for (const { 0: cluster, index } of original.matchAll(CLUSTER)) {
      // Composed one character at a time, so each composed unit maps back to one written character.
      const composed = cluster.normalize('NFC');
      for (let i = 0; i < composed.length; i++) {
        starts.push(index);
        ends.push(index + cluster.length);
      }
      text += composed;
    }
    return new ComposedText(original, text, starts, ends);
  }

  /** An edit found in `text`, placed in the writer's text: its offsets, and the words it replaces as written. */
  public toOriginal(edit: TextEdit): TextEdit {
    if (!this.starts || !this.ends) return edit;
    const start = edit.offset < this.starts.length ? this.starts[edit.offset] : this.original.length;
    const end = edit.length === 0 ? start : this.ends[edit.offset + edit.length - 1];
    return { ...edit, offset: start, length: end - start, original: this.original.slice(start, end) };
  }
}
