import { button, el } from './dom';
import { DocumentEditor } from './editor/document-editor';
import { renderSessions, renderUsage } from './panels/account-panel';
import { AdminPanel } from './panels/admin-panel';
import { renderAuthView } from './panels/auth-view';
import { DraftStore } from './panels/draft-store';
import { showLookup } from './panels/lookup-panel';
import { PersonalDictionaryPanel } from './panels/personal-dictionary-panel';
import { SettingsPanel } from './panels/settings-panel';
import { renderSuggestionList } from './panels/suggestion-list';
import { WritingToolsPanel } from './panels/writing-tools-panel';
import { Session } from './session';

const root = document.getElementById('app')!;
const session = new Session();
let editor: DocumentEditor | undefined;

// The last theme, before anything loads: no flash of the wrong colours on reload.
document.documentElement.dataset.theme = localStorage.getItem('prosepolish:theme') ?? 'system';

/** "1 word", "250 words": words as writers count them ("don't" and "well-known" are one each). */
function wordCount(text: string): string {
  const words = text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
  return `${new Intl.NumberFormat('en').format(words)} word${words === 1 ? '' : 's'}`;
}

function showSignIn(): void {
  editor?.destroy();
  editor = undefined;
  root.replaceChildren(renderAuthView(session, showEditor));
}

function section(label: string): HTMLElement {
  return el('section', { class: 'pp-panel', 'aria-label': label });
}

function collapsible(title: string, body: HTMLElement, onOpen: () => void): HTMLDetailsElement {
  const details = el('details', { class: 'pp-panel' }, [el('summary', {}, [title]), body]);
  details.addEventListener('toggle', () => details.open && onOpen());
  return details;
}

function showEditor(): void {
  const user = session.user!;
  const drafts = new DraftStore(user.id);
  const status = el('p', { class: 'pp-status', role: 'status', 'aria-live': 'polite' }, ['Start writing.']);
  // Not a live region: a screen reader would announce every keystroke's count.
  const count = el('p', { class: 'pp-count' });
  const showCount = (text: string) => (count.textContent = wordCount(text));
  const host = el('div', { class: 'pp-editor' });
  const list = section('Suggestions');
  const lookup = section('Dictionary');
  lookup.append(
    el('p', { class: 'pp-muted' }, ['Double-click a word, or press Alt+D on it, to look it up.']),
  );
  const settingsBody = el('div');
  const usageBody = el('div');
  const sessionsBody = el('div');
  const adminBody = el('div');
  const wordsBody = el('div');
  const toolsBody = el('div');
  const settings = new SettingsPanel(settingsBody, session, () => editor?.recheck());
  const words = new PersonalDictionaryPanel(wordsBody, session, () => editor?.recheck());
  const tools = new WritingToolsPanel(toolsBody, session);
  const wordsPanel = collapsible('Personal dictionary', wordsBody, () => void words.render());

  root.replaceChildren(
    el('header', { class: 'pp-header' }, [
      el('h1', {}, ['ProsePolish']),
      el('span', { class: 'pp-muted' }, [user.displayName ?? user.email]),
      button('Sign out', undefined, async () => {
        await session.signOut();
        showSignIn();
      }),
    ]),
    el('main', { class: 'pp-main' }, [
      el('section', { class: 'pp-writing', 'aria-label': 'Writing' }, [
        host,
        el('div', { class: 'pp-row' }, [status, count]),
      ]),
      el('aside', { class: 'pp-side' }, [
        list,
        lookup,
        collapsible('Settings', settingsBody, () => void settings.load()),
        wordsPanel,
        collapsible('Writing tools', toolsBody, () => void tools.render()),
        collapsible('LLM usage', usageBody, () => void renderUsage(usageBody, session)),
        collapsible('Sessions', sessionsBody, () => void renderSessions(sessionsBody, session)),
        user.role === 'admin'
          ? collapsible('Operators', adminBody, () => void new AdminPanel(adminBody, session).render())
          : null,
      ]),
    ]),
  );

  editor = new DocumentEditor({
    parent: host,
    session,
    initialText: drafts.load(),
    onReport: (report) => {
      status.textContent = report.text;
      status.classList.toggle('pp-error', report.kind === 'error');
    },
    onText: (text) => {
      drafts.save(text);
      showCount(text);
    },
    onSuggestions: () => renderSuggestionList(list, editor!.view),
    onLookup: (word) => void showLookup(lookup, session, word),
    addToDictionary: async (word) => {
      await session.call(() => session.api.POST('/api/v1/dictionary/personal', { body: { word } }));
      // An open list shows the word at once.
      if (wordsPanel.open) await words.render();
    },
  });
  renderSuggestionList(list, editor.view);
  showCount(editor.view.state.doc.toString());
  // The theme and other settings of this account, not just of this browser.
  // (It applies the account's theme; offline, the browser's last one stays.)
  void settings.load().catch(() => undefined);
}

void session.restore().then((signedIn) => (signedIn ? showEditor() : showSignIn()), showSignIn);
