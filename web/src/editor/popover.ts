import { type EditorState, type Extension, StateField } from '@codemirror/state';
import { type EditorView, keymap, showTooltip, type Tooltip } from '@codemirror/view';

import { button, el } from '../dom';
import {
  acceptSuggestion,
  dropSuggestions,
  type PlacedSuggestion,
  suggestionAt,
  suggestionField,
} from './suggestions';

export interface SuggestionActions {
  /** The writer dismissed it: do not underline the same thing again in this document. */
  ignore(placed: PlacedSuggestion): void;
  /** Spelling only: the word goes into the writer's personal dictionary. */
  addToDictionary(word: string): void;
}

/**
 * The popover of the underline under the cursor: a click on an underline puts the cursor there, and so does
 * moving onto it with the keyboard, so one rule serves both. Mod-. moves focus into its buttons.
 */
export function popoverExtension(actions: SuggestionActions): Extension {
  const tooltipField = StateField.define<Tooltip | null>({
    create: (state) => tooltipFor(state, actions),
    update(tooltip, tr) {
      if (
        !tr.docChanged &&
        !tr.selection &&
        tr.startState.field(suggestionField) === tr.state.field(suggestionField)
      ) {
        return tooltip;
      }
      return tooltipFor(tr.state, actions);
    },
    provide: (field) => showTooltip.from(field),
  });
  const focusPopover = keymap.of([
    {
      key: 'Mod-.',
      run: (view) => {
        const first = view.dom.querySelector<HTMLButtonElement>('.pp-popover button');
        first?.focus();
        return first !== null;
      },
    },
  ]);
  return [tooltipField, focusPopover];
}

function tooltipFor(state: EditorState, actions: SuggestionActions): Tooltip | null {
  const selection = state.selection.main;
  if (!selection.empty) return null;
  const placed = suggestionAt(state, selection.head);
  if (!placed) return null;
  return {
    pos: placed.from,
    end: placed.to,
    above: false,
    create: (view) => ({ dom: renderPopover(view, placed, actions) }),
  };
}

function renderPopover(view: EditorView, placed: PlacedSuggestion, actions: SuggestionActions): HTMLElement {
  const { edit } = placed.suggestion;
  const label = edit.replacement === '' ? `Delete “${edit.original}”` : edit.replacement;
  const done = () => view.focus();
  const dom = el(
    'div',
    { class: 'pp-popover', role: 'dialog', 'aria-label': `Suggestion: ${edit.message}` },
    [
      el('p', { class: 'pp-popover-message' }, [edit.message]),
      el('div', { class: 'pp-popover-actions' }, [
        button(
          label,
          `Replace “${edit.original}” with “${edit.replacement}”`,
          () => {
            acceptSuggestion(view, placed);
            done();
          },
          'primary',
        ),
        // The checker's runners-up: a writer who meant another word applies it from here.
        ...(edit.alternatives ?? []).map((alternative) =>
          button(alternative, `Replace “${edit.original}” with “${alternative}”`, () => {
            acceptSuggestion(view, placed, alternative);
            done();
          }),
        ),
        button('Ignore', `Ignore this suggestion for “${edit.original}”`, () => {
          actions.ignore(placed);
          view.dispatch({ effects: dropSuggestions.of((s) => s.id === placed.suggestion.id) });
          done();
        }),
        ...(edit.category === 'spelling'
          ? [
              button('Add to dictionary', `Add “${edit.original}” to your dictionary`, () => {
                actions.addToDictionary(edit.original);
                done();
              }),
            ]
          : []),
      ]),
    ],
  );
  // Escape from a popover button returns to the text.
  dom.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') done();
  });
  return dom;
}
