import { type EditorState, type Extension, StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView } from '@codemirror/view';

import type { CorrectionEdit } from '../api/client';

/** One underlined problem. `insertion`: the edit adds text at `to`; the mark covers the character before. */
export interface Suggestion {
  id: string;
  edit: CorrectionEdit;
  insertion: boolean;
}

export type Tint = 'spelling' | 'grammar' | 'style';

/**
 * Underline colours: spelling red, grammar amber, style blue. A wrong word ("could of", "your welcome",
 * "affect" for "effect") is a mistake like grammar, not an opinion like style.
 */
export function tintOf(category: CorrectionEdit['category']): Tint {
  if (category === 'spelling') return 'spelling';
  if (['grammar', 'punctuation', 'capitalization', 'repetition', 'word-choice'].includes(category))
    return 'grammar';
  return 'style';
}

export const setSuggestions = StateEffect.define<readonly Suggestion[]>();
export const dropSuggestions = StateEffect.define<(s: Suggestion) => boolean>();

function markOf(suggestion: Suggestion) {
  const { edit } = suggestion;
  return Decoration.mark({
    class: `pp-issue pp-${tintOf(edit.category)}`,
    attributes: {
      title: edit.message,
      'aria-description': `${edit.category}: ${edit.message}`,
      'data-suggestion': suggestion.id,
    },
    suggestion,
  });
}

/** The document range a suggestion's mark covers (a zero-length insertion borrows the character before it). */
export function markRange(s: Suggestion): { from: number; to: number } {
  const { offset, length } = s.edit;
  return s.insertion
    ? { from: Math.max(0, offset - 1), to: Math.max(1, offset) }
    : { from: offset, to: offset + length };
}

/** An edit of the writer overlaps a mark: that suggestion no longer describes the text under it. */
function touches(from: number, to: number, a: number, b: number): boolean {
  return a === b ? from < a && a < to : from < b && to > a;
}

/**
 * The underlines, kept as marks so CodeMirror maps them through every edit: accepting one suggestion
 * leaves the others on their words. A mark the writer types into is dropped rather than left stale.
 */
export const suggestionField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    marks = marks.map(tr.changes);
    if (tr.docChanged) {
      const changed: [number, number][] = [];
      tr.changes.iterChangedRanges((_fromA, _toA, fromB, toB) => changed.push([fromB, toB]));
      marks = marks.update({ filter: (from, to) => !changed.some(([a, b]) => touches(from, to, a, b)) });
    }
    for (const effect of tr.effects) {
      if (effect.is(setSuggestions)) {
        const length = tr.state.doc.length;
        const ranges = effect.value
          .map((s) => ({ s, ...markRange(s) }))
          .filter(({ from, to }) => to <= length && from < to)
          .map(({ s, from, to }) => markOf(s).range(from, to));
        marks = Decoration.set(ranges, true);
      } else if (effect.is(dropSuggestions)) {
        const drop = effect.value;
        marks = marks.update({ filter: (_f, _t, value) => !drop(value.spec.suggestion as Suggestion) });
      }
    }
    return marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export interface PlacedSuggestion {
  suggestion: Suggestion;
  from: number;
  to: number;
}

/** Every underline where it is now, in document order. */
export function placedSuggestions(state: EditorState): PlacedSuggestion[] {
  const out: PlacedSuggestion[] = [];
  state.field(suggestionField).between(0, state.doc.length, (from, to, value) => {
    out.push({ suggestion: value.spec.suggestion as Suggestion, from, to });
  });
  return out;
}

/**
 * F8 / Shift-F8 (as in VS Code's "next problem"): the cursor onto the next or previous underline, wrapping
 * round, which opens its popover. False when there is none, so the key does nothing else.
 */
export function moveToSuggestion(view: EditorView, direction: 1 | -1): boolean {
  const placed = placedSuggestions(view.state);
  if (placed.length === 0) return false;
  const head = view.state.selection.main.head;
  const target =
    direction === 1
      ? (placed.find(({ from }) => from > head) ?? placed[0])
      : ([...placed].reverse().find(({ to }) => to < head) ?? placed[placed.length - 1]);
  view.dispatch({ selection: { anchor: target.from }, scrollIntoView: true });
  return true;
}

export function suggestionAt(state: EditorState, pos: number): PlacedSuggestion | undefined {
  return placedSuggestions(state).find(({ from, to }) => from <= pos && pos <= to);
}

/** The change that applies a suggestion (or one of its alternatives) where it now stands. */
export function changeFor(
  { suggestion, from, to }: PlacedSuggestion,
  replacement = suggestion.edit.replacement,
) {
  return suggestion.insertion ? { from: to, insert: replacement } : { from, to, insert: replacement };
}

export function acceptSuggestion(
  view: EditorView,
  placed: PlacedSuggestion,
  replacement = placed.suggestion.edit.replacement,
): void {
  view.dispatch({
    changes: changeFor(placed, replacement),
    effects: dropSuggestions.of((s) => s.id === placed.suggestion.id),
    userEvent: 'input.suggestion',
  });
}

/** Applies every underlined suggestion in one transaction (their ranges never overlap). */
export function acceptAll(view: EditorView): void {
  const placed = placedSuggestions(view.state);
  if (placed.length === 0) return;
  view.dispatch({
    changes: placed.map((p) => changeFor(p)),
    effects: dropSuggestions.of(() => true),
    userEvent: 'input.suggestion',
  });
}

export const suggestionsExtension: Extension = suggestionField;
