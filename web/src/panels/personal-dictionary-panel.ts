import { describeFailure } from '../api/client';
import { button, el, field, form } from '../dom';
import type { Session } from '../session';

/** The most words the panel lists at once; the count says when there are more. */
const SHOWN = 200;

/**
 * The writer's personal dictionary: the words "Add to dictionary" put there, with a way to take one out
 * (a word added by mistake would otherwise never be flagged again) and to add one by hand.
 */
export class PersonalDictionaryPanel {
  private readonly message = el('p', { class: 'pp-notice', role: 'status' });

  public constructor(
    private readonly container: HTMLElement,
    private readonly session: Session,
    /** The words the checkers leave alone changed. */
    private readonly onChanged: () => void,
  ) {}

  public async render(notice = ''): Promise<void> {
    const { data, error, response } = await this.session.call(() =>
      this.session.api.GET('/api/v1/dictionary/personal', { params: { query: { limit: SHOWN } } }),
    );
    if (!data) {
      this.message.textContent = describeFailure(response, error);
      this.container.replaceChildren(this.message);
      return;
    }
    const input = el('input', { type: 'text', name: 'word', autocomplete: 'off', required: true });
    const addForm = form(
      { 'aria-label': 'Add a word' },
      [field('Word', input), el('button', { type: 'submit' }, ['Add'])],
      () => void this.add(input.value.trim()),
    );
    const items = data.words.map((word) =>
      el('li', {}, [
        el('span', {}, [word]),
        button('Remove', `Remove “${word}” from your dictionary`, () => void this.remove(word)),
      ]),
    );
    const count =
      data.total === 0
        ? 'No words yet: “Add to dictionary” on a spelling suggestion puts them here.'
        : `${data.total} word${data.total === 1 ? '' : 's'}${data.total > data.words.length ? `, the first ${data.words.length} shown` : ''}.`;
    this.message.textContent = notice;
    this.container.replaceChildren(
      el('p', { class: 'pp-muted' }, [count]),
      el('ul', { class: 'pp-list' }, items),
      addForm,
      this.message,
    );
  }

  private async add(word: string): Promise<void> {
    if (word === '') return;
    const { error, response } = await this.session.call(() =>
      this.session.api.POST('/api/v1/dictionary/personal', { body: { word } }),
    );
    if (!response.ok) {
      this.message.textContent = describeFailure(response, error);
      return;
    }
    this.onChanged();
    await this.render(`Added “${word}”.`);
  }

  private async remove(word: string): Promise<void> {
    const { error, response } = await this.session.call(() =>
      this.session.api.DELETE('/api/v1/dictionary/personal/{word}', { params: { path: { word } } }),
    );
    if (!response.ok && response.status !== 404) {
      this.message.textContent = describeFailure(response, error);
      return;
    }
    this.onChanged();
    await this.render(`Removed “${word}”.`);
  }
}
