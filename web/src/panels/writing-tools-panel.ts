import { describeFailure } from '../api/client';
import { button, el, field, form } from '../dom';
import type { Session } from '../session';

/**
 * What LanguageTool add-ons (VS Code, Obsidian, browsers, Emacs) need to check text with this account:
 * the server URL, the user name (the account e-mail) and an API key, created here and shown once.
 */
export class WritingToolsPanel {
  private readonly message = el('p', { class: 'pp-notice', role: 'status' });
  /** The key just created: shown until the panel is drawn again, and never again after that. */
  private readonly created = el('div');

  public constructor(
    private readonly container: HTMLElement,
    private readonly session: Session,
  ) {}

  public async render(): Promise<void> {
    const { data, error, response } = await this.session.call(() => this.session.api.GET('/api/v1/api-keys'));
    if (!data) {
      this.message.textContent = describeFailure(response, error);
      this.container.replaceChildren(this.message);
      return;
    }
    const name = el('input', {
      type: 'text',
      name: 'keyName',
      placeholder: 'e.g. VS Code on my laptop',
      required: true,
    });
    const createForm = form(
      { 'aria-label': 'Create an API key' },
      [field('Name of the new key', name), el('button', { type: 'submit' }, ['Create key'])],
      () => void this.create(name.value.trim()),
    );
    const keys = data.map((key) => {
      const used = key.lastUsedAt ? `last used ${new Date(key.lastUsedAt).toLocaleString()}` : 'never used';
      return el('li', {}, [
        el('span', {}, [`${key.name} (${key.prefix}…) · ${used}`]),
        button('Revoke', `Revoke the key “${key.name}”`, () => void this.revoke(key.id)),
      ]);
    });
    this.container.replaceChildren(
      el('p', { class: 'pp-muted' }, [
        'LanguageTool add-ons check with your settings and corrections when you give them: server URL ',
        el('code', {}, [`${location.origin}/v2`]),
        ', user name ',
        el('code', {}, [this.session.user?.email ?? '']),
        ', and an API key from here.',
      ]),
      this.created,
      el('ul', { class: 'pp-list' }, keys),
      createForm,
      this.message,
    );
  }

  private async create(name: string): Promise<void> {
    if (name === '') return;
    const { data, error, response } = await this.session.call(() =>
      this.session.api.POST('/api/v1/api-keys', { body: { name } }),
    );
    if (!data) {
      this.message.textContent = describeFailure(response, error);
      return;
    }
    const key = el('input', { type: 'text', readonly: true, value: data.key, name: 'createdKey' });
    this.created.replaceChildren(
      field(`Your new key “${data.name}”: copy it now, it is not shown again`, key),
    );
    await this.render();
    key.select();
  }

  private async revoke(id: string): Promise<void> {
    const { error, response } = await this.session.call(() =>
      this.session.api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } }),
    );
    this.created.replaceChildren();
    if (!response.ok && response.status !== 404) {
      this.message.textContent = describeFailure(response, error);
      return;
    }
    await this.render();
    this.message.textContent = 'Revoked: it stops working at once.';
  }
}
