import { describeFailure, type Schemas } from '../api/client';
import { button, el, field } from '../dom';
import type { Session } from '../session';

type Namespace = 'dict' | 'user' | 'settings' | 'session' | 'llm' | 'usage' | 'apikey' | 'personal';
const NAMESPACES: Namespace[] = ['dict', 'user', 'settings', 'session', 'llm', 'usage', 'apikey', 'personal'];
const LAYERS = ['l1', 'redis', 'postgres', 'upstream'] as const;

/**
 * The operators' view (admin role only; the API refuses everyone else anyway): cache stats per namespace and
 * layer, flushes behind a confirmation (sessions behind their own), warm-up and the audit log.
 */
export class AdminPanel {
  private readonly stats = el('div', { class: 'pp-scroll' });
  private readonly confirmation = el('div', { role: 'group', 'aria-label': 'Confirmation' });
  private readonly message = el('p', { class: 'pp-notice', role: 'status' });
  private readonly audit = el('ol', { class: 'pp-list pp-audit' });

  public constructor(
    private readonly container: HTMLElement,
    private readonly session: Session,
  ) {}

  public async render(): Promise<void> {
    const namespace = el(
      'select',
      { name: 'namespace' },
      NAMESPACES.map((n) => el('option', { value: n }, [n])),
    );
    const key = el('input', { type: 'text', name: 'key', placeholder: 'e.g. en:serendipity' });
    this.container.replaceChildren(
      el('h3', {}, ['Cache']),
      this.stats,
      field('Namespace', namespace),
      el('div', { class: 'pp-row' }, [
        button('Flush namespace…', undefined, () => this.confirm(namespace.value as Namespace)),
        button('Refresh stats', undefined, () => void this.refresh()),
      ]),
      field('Key', key),
      button('Flush key…', undefined, () => this.confirm(namespace.value as Namespace, key.value.trim())),
      button('Warm the dictionary cache', undefined, () => void this.warm()),
      this.confirmation,
      this.message,
      el('h3', {}, ['Audit log']),
      this.audit,
    );
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    const [stats, audit] = await Promise.all([
      this.session.call(() => this.session.api.GET('/api/v1/admin/cache/stats')),
      this.session.call(() =>
        this.session.api.GET('/api/v1/admin/audit', { params: { query: { limit: 20 } } }),
      ),
    ]);
    if (stats.data) this.stats.replaceChildren(statsTable(stats.data));
    else this.message.textContent = describeFailure(stats.response, stats.error);
    if (audit.data) {
      this.audit.replaceChildren(
        ...audit.data.items.map((entry) =>
          el('li', {}, [
            `${new Date(entry.at).toLocaleString()} · ${entry.actor.email ?? 'deleted account'} · ${entry.action} · ${entry.status}`,
          ]),
        ),
      );
    }
  }

  /** A flush waits for a second, explicit click; flushing sessions says that it signs everyone out. */
  private confirm(namespace: Namespace, key?: string): void {
    const what = key ? `the key “${key}” in ${namespace}` : `the ${namespace} namespace`;
    const warning =
      namespace === 'session' && !key
        ? 'Flush every session? Everyone, you included, must sign in again.'
        : `Flush ${what}?`;
    this.confirmation.replaceChildren(
      el('p', {}, [warning]),
      button(
        namespace === 'session' && !key ? 'Yes, sign everyone out' : 'Confirm flush',
        undefined,
        () => void this.flush(namespace, key),
        'danger',
      ),
      button('Cancel', undefined, () => this.confirmation.replaceChildren()),
    );
  }

  private async flush(namespace: Namespace, key?: string): Promise<void> {
    this.confirmation.replaceChildren();
    const result = key
      ? await this.session.call(() =>
          this.session.api.DELETE('/api/v1/admin/cache/{namespace}/{key}', {
            params: { path: { namespace, key } },
          }),
        )
      : await this.session.call(() =>
          this.session.api.DELETE('/api/v1/admin/cache/{namespace}', {
            params: { path: { namespace }, query: namespace === 'session' ? { confirm: 'session' } : {} },
          }),
        );
    this.message.textContent = result.data
      ? `Flushed ${key ? `“${key}” in ` : ''}${namespace}: ${result.data.removed} keys removed.`
      : describeFailure(result.response, result.error);
    await this.refresh();
  }

  private async warm(): Promise<void> {
    const { data, error, response } = await this.session.call(() =>
      this.session.api.POST('/api/v1/admin/cache/warm', { body: { namespace: 'dict', limit: 500 } }),
    );
    this.message.textContent = data ? `Warm-up: ${JSON.stringify(data)}` : describeFailure(response, error);
    await this.refresh();
  }
}

function statsTable(stats: Schemas['AdminCacheStats']): DocumentFragment {
  const rate = (r: number | null) => (r === null ? '–' : `${Math.round(r * 100)} %`);
  const fragment = document.createDocumentFragment();
  // The scope note is a paragraph, not the caption: a caption is as wide as the table, and this one is long.
  fragment.append(el('p', { class: 'pp-muted' }, [stats.scope]));
  fragment.append(statsRows(stats, rate));
  return fragment;
}

function statsRows(stats: Schemas['AdminCacheStats'], rate: (r: number | null) => string): HTMLTableElement {
  return el('table', { class: 'pp-stats' }, [
    el('caption', {}, ['Hit rate per layer']),
    el('thead', {}, [
      el('tr', {}, [
        el('th', { scope: 'col' }, ['Namespace']),
        el('th', { scope: 'col' }, ['Keys']),
        ...LAYERS.map((l) => el('th', { scope: 'col' }, [l])),
      ]),
    ]),
    el(
      'tbody',
      {},
      Object.entries(stats.namespaces).map(([name, ns]) =>
        el('tr', {}, [
          el('th', { scope: 'row' }, [name]),
          el('td', {}, [ns.keys === null ? '–' : String(ns.keys)]),
          ...LAYERS.map((l) => el('td', {}, [rate(ns.layers[l]?.hitRate ?? null)])),
        ]),
      ),
    ),
  ]);
}
