import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { TextSegmenter } from '../segmentation/text-segmenter.js';
import { assembleDocument } from './document-assembly.js';
import { locateEdits, type ProposedEdit } from './edit-locator.js';
import { applyEdits, assertValidEdits, InvalidEditsError, type TextEdit } from './text-edit.js';

// Texts an editor really sends: words, punctuation, whitespace, emoji (surrogate pairs, ZWJ sequences,
// flags), combining marks, CJK — plus arbitrary graphemes.
const fragment = fc.oneof(
  fc.constantFrom(
    'the',
    'teh',
    'cat',
    'recieve',
    'a',
    'an',
    'apple',
    'Mr.',
    'e.g.',
    'é',
    'e\u0301',
    'a\u0308\u0301',
    'naïve',
  ),
  fc.constantFrom(' ', '  ', '\n', '\n\n', '\t', '. ', '! ', '? ', ', ', '.'),
  fc.constantFrom('😀', '👩‍👩‍👧', '🇫🇷', '𝒳', '漢字', '🏳️‍🌈'),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
// Few distinct letters: the same original occurs many times, which is where placing edits goes wrong.
const repetitive = fc.constantFrom('ab', 'a', 'b', ' ', '😀', 'e\u0301', '. ');
const documentText = fc
  .oneof(
    fc.array(fragment, { minLength: 1, maxLength: 60 }),
    fc.array(repetitive, { minLength: 1, maxLength: 60 }),
  )
  .map((parts) => parts.join(''));
const replacementText = fc.array(fragment, { maxLength: 3 }).map((parts) => parts.join(''));

/** Splits a string at code-point boundaries only (no lone surrogates). */
function codePointOffsets(text: string): number[] {
  const offsets = [0];
  let at = 0;
  for (const cp of text) offsets.push((at += cp.length));
  return offsets;
}

/** Random proposals for a piece: substrings of it (so they can be located), each with a replacement. */
function proposalsFor(piece: string, picks: number[], replacements: string[]): ProposedEdit[] {
  const bounds = codePointOffsets(piece);
  const cuts = [...new Set(picks.map((p) => bounds[p % bounds.length]))].sort((a, b) => a - b);
  const proposals: ProposedEdit[] = [];
  for (let i = 0; i + 1 < cuts.length; i += 2) {
    proposals.push({
      original: piece.slice(cuts[i], cuts[i + 1]),
      replacement: replacements[i % replacements.length] ?? '',
      message: '',
      category: 'grammar',
    });
  }
  return proposals;
}

const reference = (text: string, edits: readonly TextEdit[]) =>
  [...edits]
    .reverse()
    .reduce((t, e) => t.slice(0, e.offset) + e.replacement + t.slice(e.offset + e.length), text);

describe('edits: property-based', () => {
  const segmenter = new TextSegmenter();

  it('segments: pieces are in order, exactly the non-whitespace of the text, and never split a surrogate pair', () => {
    fc.assert(
      fc.property(documentText, (text) => {
        let cursor = 0;
        for (const piece of segmenter.split(text)) {
          expect(piece.start).toBeGreaterThanOrEqual(cursor);
          expect(text.slice(cursor, piece.start).trim()).toBe('');
          expect(text.slice(piece.start, piece.start + piece.text.length)).toBe(piece.text);
          expect(piece.text.isWellFormed()).toBe(true);
          cursor = piece.start + piece.text.length;
        }
        expect(text.slice(cursor).trim()).toBe('');
      }),
      { numRuns: 300 },
    );
  });

  it('located model edits applied piece by piece and rebased give exactly `corrected` for the whole text', () => {
    fc.assert(
      fc.property(
        documentText,
        fc.array(fc.array(fc.nat(), { maxLength: 8 }), { maxLength: 40 }),
        fc.array(replacementText, { minLength: 1, maxLength: 5 }),
        (text, picksPerPiece, replacements) => {
          const pieces = segmenter.split(text);
          const editsPerPiece = pieces.map((piece, i) => {
            const proposals = proposalsFor(piece.text, picksPerPiece[i] ?? [], replacements);
            // In-order substrings of the piece must always be placed (no-op edits are dropped).
            const edits = locateEdits(piece.text, proposals);
            expect(edits).toHaveLength(proposals.filter((p) => p.original !== p.replacement).length);
            return edits;
          });
          const doc = assembleDocument(text, pieces, editsPerPiece);
          assertValidEdits(text, doc.edits);
          expect(applyEdits(text, doc.edits)).toBe(doc.corrected);
          expect(reference(text, doc.edits)).toBe(doc.corrected);
          for (const e of doc.edits) expect(text.slice(e.offset, e.offset + e.length)).toBe(e.original);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers with originals that are not in the piece, or split surrogates, are rejected — never applied', () => {
    fc.assert(
      fc.property(documentText, fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }), (text, junk) => {
        const piece = text.trim() || 'x';
        const proposed = [{ original: junk, replacement: `${junk}!`, message: '', category: 'grammar' }];
        let edits: TextEdit[];
        try {
          edits = locateEdits(piece, proposed);
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidEditsError);
          return;
        }
        // Accepted only if it really is in the piece and well-formed.
        expect(piece.includes(junk)).toBe(true);
        expect(junk.isWellFormed()).toBe(true);
        expect(applyEdits(piece, edits)).toBe(reference(piece, edits));
      }),
      { numRuns: 300 },
    );
  });
});
