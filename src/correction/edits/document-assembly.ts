import type { TextPiece } from '../segmentation/text-segmenter.js';
import { applyEdits, assertValidEdits, InvalidEditsError, shiftEdits, type TextEdit } from './text-edit.js';

export interface AssembledDocument {
  corrected: string;
  edits: TextEdit[];
}

/**
 * Puts per-piece edits back into the document: offsets rebased by each piece's start, and `corrected`
 * built piece by piece (corrected pieces + the untouched text between them). The two are computed
 * independently and then checked against each other — `applyEdits(text, edits) === corrected` — so a bug
 * anywhere upstream fails here instead of reaching an editor.
 */
export function assembleDocument(
  text: string,
  pieces: readonly TextPiece[],
  editsPerPiece: readonly TextEdit[][],
): AssembledDocument {
  const edits: TextEdit[] = [];
  let corrected = '';
  let cursor = 0;
  pieces.forEach((piece, i) => {
    const pieceEdits = editsPerPiece[i];
    corrected += text.slice(cursor, piece.start) + applyEdits(piece.text, pieceEdits);
    cursor = piece.start + piece.text.length;
    edits.push(...shiftEdits(pieceEdits, piece.start));
  });
  corrected += text.slice(cursor);
  assertValidEdits(text, edits);
  if (applyEdits(text, edits) !== corrected)
    throw new InvalidEditsError('edits do not produce the corrected text');
  return { corrected, edits };
}
