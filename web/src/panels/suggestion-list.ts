import type { EditorView } from '@codemirror/view';

import { button, el } from '../dom';
import { acceptAll, acceptSuggestion, placedSuggestions, tintOf } from '../editor/suggestions';

/** Every suggestion beside the text, with jump-to and apply, and "Accept all". */
export function renderSuggestionList(container: HTMLElement, view: EditorView): void {
  const placed = placedSuggestions(view.state);
  const items = placed.map((p) => {
    const { edit } = p.suggestion;
    const change =
      edit.replacement === '' ? `delete “${edit.original}”` : `${edit.original || '…'} → ${edit.replacement}`;
    return el('li', { class: `pp-suggestion pp-${tintOf(edit.category)}-item` }, [
      button(change, `Jump to “${edit.original}”: ${edit.message}`, () => {
        view.dispatch({ selection: { anchor: p.from }, scrollIntoView: true });
        view.focus();
      }),
      // The checker's runners-up are named here; the popover has them as buttons.
      el('span', { class: 'pp-muted' }, [
        edit.alternatives?.length ? `${edit.message} Or: ${edit.alternatives.join(', ')}.` : edit.message,
      ]),
      button('Apply', `Apply: ${change}`, () => acceptSuggestion(view, p)),
    ]);
  });
  container.replaceChildren(
    el('div', { class: 'pp-row' }, [
      el('h2', {}, ['Suggestions']),
      placed.length > 0
        ? button('Accept all', `Accept all ${placed.length} suggestions`, () => acceptAll(view))
        : null,
    ]),
    items.length > 0
      ? el('ul', { class: 'pp-list' }, items)
      : el('p', { class: 'pp-muted' }, ['Nothing to fix.']),
  );
}
