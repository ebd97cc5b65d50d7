import { Injectable } from '@nestjs/common';

/**
 * One unit of correction and of caching: a sentence (or a slice of a very long one) without the whitespace
 * around it, and where it starts in the document (UTF-16 code units).
 */
export interface TextPiece {
  start: number;
  text: string;
}

/** Sentences longer than this are cut at whitespace so one cache entry / model answer stays small. */
export const MAX_PIECE_LENGTH = 1_000;

// ICU ends a sentence after these abbreviations ("This is Mr. | Smith."); such a split is glued back.
const ABBREVIATION_END =
  /(?:^|[\s(])(?:mr|mrs|ms|dr|prof|sr|jr|st|vs|etc|e\.g|i\.e|cf|approx|no|fig|vol)\.$/i;

/**
 * Splits text into pieces with `Intl.Segmenter` sentence boundaries. Invariant: the pieces, in order, are
 * exactly the non-whitespace parts of the text, so edits inside a piece rebase to the document by adding
 * `piece.start`, and whitespace between pieces is never edited. The same sentence yields the same piece
 * text wherever it sits, which is what makes per-sentence caching hit.
 */
@Injectable()
export class TextSegmenter {
  private readonly segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

  public split(text: string): TextPiece[] {
    const sentences = this.sentences(text);
    return sentences.flatMap((s) => (s.text.length > MAX_PIECE_LENGTH ? chunk(s) : [s]));
  }

  private sentences(text: string): TextPiece[] {
    const out: TextPiece[] = [];
    let pendingStart = -1;
    let pendingEnd = -1;
    for (const { segment, index } of this.segmenter.segment(text)) {
      const trimmed = trimRange(segment);
      if (!trimmed) continue;
      const start = index + trimmed.start;
      const end = index + trimmed.end;
      if (pendingStart < 0) pendingStart = start;
      pendingEnd = end;
      if (ABBREVIATION_END.test(text.slice(pendingStart, pendingEnd))) continue;
      out.push({ start: pendingStart, text: text.slice(pendingStart, pendingEnd) });
      pendingStart = -1;
    }
    if (pendingStart >= 0) out.push({ start: pendingStart, text: text.slice(pendingStart, pendingEnd) });
    return out;
  }
}

/** Start/end of `s` without leading and trailing whitespace, or null when it is all whitespace. */
function trimRange(s: string): { start: number; end: number } | null {
  const start = s.search(/\S/u);
  if (start < 0) return null;
  const end = s.length - (s.length - s.trimEnd().length);
  return { start, end };
}

/** Cuts an over-long sentence at whitespace (or, without any, at a code-point boundary). */
function chunk(piece: TextPiece): TextPiece[] {
  const out: TextPiece[] = [];
  let from = 0;
  const text = piece.text;
  while (from < text.length) {
    let to = Math.min(from + MAX_PIECE_LENGTH, text.length);
    if (to < text.length) {
      const space = text.lastIndexOf(' ', to);
      if (space > from + MAX_PIECE_LENGTH / 2) to = space;
      else if (isHighSurrogate(text.charCodeAt(to - 1))) to -= 1;
    }
    const part = trimRange(text.slice(from, to));
    if (part)
      out.push({
        start: piece.start + from + part.start,
        text: text.slice(from + part.start, from + part.end),
      });
    from = to;
  }
  return out;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
