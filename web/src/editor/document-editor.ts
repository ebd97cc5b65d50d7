import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';

import type { Session } from '../session';
import { Checker, type CheckReport } from './checker';
import { popoverExtension, type SuggestionActions } from './popover';
import { dropSuggestions, moveToSuggestion, type Suggestion, suggestionField } from './suggestions';

export interface DocumentEditorOptions {
  parent: HTMLElement;
  session: Session;
  initialText: string;
  onReport(report: CheckReport): void;
  /** The text changed (draft saving). */
  onText(text: string): void;
  /** The underlines changed (the side list). */
  onSuggestions(): void;
  /** Double-click or Alt-D on a word. */
  onLookup(word: string): void;
  addToDictionary(word: string): Promise<void>;
}

/** The "Document" area: CodeMirror with the check loop, underlines, popovers and lookups wired in. */
export class DocumentEditor {
  public readonly view: EditorView;
  private readonly checker: Checker;
  /** Dismissed suggestions, by what they say about which text: a re-check does not bring them back. */
  private readonly ignored = new Set<string>();

  public constructor(private readonly options: DocumentEditorOptions) {
    this.checker = new Checker(
      () => this.view,
      options.session,
      (s) => this.ignored.has(ignoreKey(s)),
      options.onReport,
    );
    const actions: SuggestionActions = {
      ignore: (placed) => this.ignored.add(ignoreKey(placed.suggestion)),
      addToDictionary: (word) => void this.addWord(word),
    };
    const lookupAt = (view: EditorView, pos: number): boolean => {
      const range = view.state.wordAt(pos);
      if (!range) return false;
      options.onLookup(view.state.sliceDoc(range.from, range.to));
      return true;
    };
    this.view = new EditorView({
      parent: options.parent,
      state: EditorState.create({
        doc: options.initialText,
        extensions: [
          history(),
          keymap.of([
            { key: 'Alt-d', run: (view) => lookupAt(view, view.state.selection.main.head) },
            { key: 'F8', run: (view) => moveToSuggestion(view, 1) },
            { key: 'Shift-F8', run: (view) => moveToSuggestion(view, -1) },
            ...defaultKeymap,
            ...historyKeymap,
          ]),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({
            'aria-label': 'Document',
            'aria-multiline': 'true',
            spellcheck: 'false',
            'aria-keyshortcuts': 'Alt+D Control+. F8 Shift+F8',
          }),
          suggestionField,
          popoverExtension(actions),
          EditorView.domEventHandlers({
            dblclick: (event, view) => {
              const pos = view.posAtCoords({ x: event.clientX, y: event.clientY });
              return pos !== null && lookupAt(view, pos);
            },
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) {
              options.onText(update.state.doc.toString());
              this.checker.schedule();
            }
            if (
              update.docChanged ||
              update.startState.field(suggestionField) !== update.state.field(suggestionField)
            ) {
              options.onSuggestions();
            }
          }),
        ],
      }),
    });
    if (options.initialText.trim() !== '') this.checker.schedule(0);
  }

  /** The writer's settings changed what the service answers: check the whole document again. */
  public recheck(): void {
    this.checker.recheck();
  }

  public destroy(): void {
    this.checker.stop();
    this.view.destroy();
  }

  private async addWord(word: string): Promise<void> {
    await this.options.addToDictionary(word);
    const lower = word.toLowerCase();
    const isTheWord = (edit: Suggestion['edit']) =>
      edit.category === 'spelling' && edit.original.toLowerCase() === lower;
    this.checker.forget(isTheWord);
    this.view.dispatch({ effects: dropSuggestions.of((s) => isTheWord(s.edit)) });
  }
}

function ignoreKey(s: Suggestion): string {
  return `${s.edit.original}\u0000${s.edit.replacement}\u0000${s.edit.message}`;
}
