import { describeFailure, type Settings } from '../api/client';
import { el, field } from '../dom';
import type { Session } from '../session';

type Editable = Omit<Settings, 'version'>;

const CHOICES = {
  language: ['en-US', 'en-GB', 'en-AU', 'en-CA'],
  tone: ['neutral', 'formal', 'friendly', 'academic'],
  correctionMode: ['grammar', 'clarity', 'concise', 'formal', 'friendly'],
  theme: ['system', 'light', 'dark'],
} as const;

/** What each choice reads as in its menu; the value sent stays the API's. */
const CHOICE_LABELS: Record<string, string> = {
  'en-US': 'English (US)',
  'en-GB': 'English (UK)',
  'en-AU': 'English (Australia)',
  'en-CA': 'English (Canada)',
  grammar: 'Mistakes only',
  clarity: 'Clarity',
  concise: 'Concise',
  neutral: 'Neutral',
  formal: 'Formal',
  friendly: 'Friendly',
  academic: 'Academic',
  system: 'As the system',
  light: 'Light',
  dark: 'Dark',
};

const LABELS: Record<keyof typeof CHOICES, string> = {
  language: 'Language',
  tone: 'Tone',
  correctionMode: 'Correction mode',
  theme: 'Theme',
};

/** Light, dark or the system's: applied at once, and remembered for the first paint of the next load. */
export function applyTheme(theme: Settings['theme']): void {
  document.documentElement.dataset.theme = theme;
  localStorage.setItem('prosepolish:theme', theme);
}

/**
 * The writer's settings. Every save sends the ETag it edited (`If-Match`): when another tab or device saved
 * first (412), the panel reloads the current values and says so instead of overwriting them.
 */
export class SettingsPanel {
  private etag: string | null = null;
  /** Saves started so far: a load that a save overtook must not put the old values back. */
  private saves = 0;
  /** Saves not answered yet: a load meanwhile may read the values from before them. */
  private savesInFlight = 0;
  private readonly message = el('p', { class: 'pp-notice', role: 'status' });
  private readonly form = el('form', { 'aria-label': 'Settings' });

  public constructor(
    private readonly container: HTMLElement,
    private readonly session: Session,
    /** A saved change that alters corrections (anything but the theme). */
    private readonly onCorrectionsChanged: () => void = () => undefined,
  ) {}

  public async load(notice = ''): Promise<void> {
    const savesBefore = this.saves;
    const savingAtStart = this.savesInFlight > 0;
    const { data, error, response } = await this.session.call(() => this.session.api.GET('/api/v1/settings'));
    // The writer changed something while this was on its way, or just before it (the panel's toggle event
    // comes after a quick change): their change stands, and its save brings the new ETag.
    if (this.saves !== savesBefore || savingAtStart || this.savesInFlight > 0) return;
    if (!data) {
      this.message.textContent = describeFailure(response, error);
      this.container.replaceChildren(this.message);
      return;
    }
    this.etag = response.headers.get('ETag');
    this.render(data);
    this.message.textContent = notice;
    applyTheme(data.theme);
  }

  private render(settings: Settings): void {
    const selects = (Object.keys(CHOICES) as (keyof typeof CHOICES)[]).map((name) => {
      const select = el(
        'select',
        { name },
        CHOICES[name].map((v) =>
          el('option', { value: v, selected: settings[name] === v }, [CHOICE_LABELS[v] ?? v]),
        ),
      );
      select.addEventListener('change', () => {
        if (name === 'theme') applyTheme(select.value as Settings['theme']);
        void this.save({ [name]: select.value } as Partial<Editable>);
      });
      return field(LABELS[name], select);
    });
    const llm = el('input', { type: 'checkbox', name: 'llmEnabled', checked: settings.llmEnabled });
    llm.addEventListener('change', () => void this.save({ llmEnabled: llm.checked }));
    const rules = el('input', {
      type: 'text',
      name: 'disabledRules',
      value: settings.disabledRules.join(', '),
      placeholder: 'e.g. spelling, style',
    });
    rules.addEventListener('change', () => {
      const list = rules.value
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean);
      void this.save({ disabledRules: list });
    });
    this.form.replaceChildren(
      ...selects,
      field('Use the LLM', llm),
      field('Disabled rules (comma-separated)', rules),
    );
    this.container.replaceChildren(this.form, this.message);
  }

  private async save(patch: Partial<Editable>): Promise<void> {
    this.saves++;
    this.savesInFlight++;
    this.message.textContent = 'Saving…';
    const { data, error, response } = await this.session
      .call(() =>
        this.session.api.PATCH('/api/v1/settings', {
          body: patch,
          params: { header: this.etag ? { 'If-Match': this.etag } : {} },
        }),
      )
      .finally(() => this.savesInFlight--);
    if (response.status === 412) {
      await this.load(
        'Your settings were changed in another tab or device. These are the current values; make your change again.',
      );
      return;
    }
    if (!data) {
      this.message.textContent = describeFailure(response, error);
      return;
    }
    this.etag = response.headers.get('ETag');
    this.message.textContent = 'Saved.';
    if (Object.keys(patch).some((name) => name !== 'theme')) this.onCorrectionsChanged();
  }
}
