import type { EditorView } from '@codemirror/view';

import { describeFailure } from '../api/client';
import type { Session } from '../session';
import { setSuggestions, type Suggestion } from './suggestions';

export const CHECK_DELAY_MS = 800;

/** What `X-Llm-Fallback` means to a writer. */
const FALLBACK_TEXT: Record<string, string> = {
  quota: 'daily budget reached',
  disabled: 'LLM turned off in settings',
  unconfigured: 'no LLM configured',
  'circuit-open': 'LLM unavailable',
  'upstream-error': 'LLM unavailable',
  'invalid-answer': 'LLM answer unusable',
  deadline: 'LLM too slow',
};

export interface CheckReport {
  kind: 'ok' | 'error';
  text: string;
}

/**
 * Checks the document about 800 ms after typing stops. A check in flight when the text changes is
 * aborted, and an answer for text that is no longer the document's is dropped, never drawn.
 */
export class Checker {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: AbortController | undefined;
  private sequence = 0;

  public constructor(
    private readonly view: () => EditorView,
    private readonly session: Session,
    private readonly isIgnored: (s: Suggestion) => boolean,
    private readonly report: (r: CheckReport) => void,
  ) {}

  /** The document changed: cancel what is pending and check again once typing pauses. */
  public schedule(delayMs = CHECK_DELAY_MS): void {
    clearTimeout(this.timer);
    this.inFlight?.abort();
    this.inFlight = undefined;
    this.timer = setTimeout(() => void this.check(), delayMs);
  }

  public stop(): void {
    clearTimeout(this.timer);
    this.inFlight?.abort();
  }

  private async check(): Promise<void> {
    const text = this.view().state.doc.toString();
    if (text.trim() === '') {
      this.view().dispatch({ effects: setSuggestions.of([]) });
      this.report({ kind: 'ok', text: '' });
      return;
    }
    const controller = new AbortController();
    this.inFlight = controller;
    const sequence = ++this.sequence;
    let result;
    try {
      result = await this.session.call(() =>
        this.session.api.POST('/api/v1/llm/correct', { body: { text }, signal: controller.signal }),
      );
    } catch (err) {
      if (controller.signal.aborted) return;
      this.report({ kind: 'error', text: `Could not reach ProsePolish: ${(err as Error).message}` });
      return;
    }
    // Stale: the text changed (or a newer check started) while this one was answered.
    if (controller.signal.aborted || sequence !== this.sequence || this.view().state.doc.toString() !== text)
      return;
    this.inFlight = undefined;
    const { data, error, response } = result;
    if (!data) {
      this.report({ kind: 'error', text: describeFailure(response, error) });
      return;
    }
    const suggestions = data.edits
      .map((edit, i): Suggestion => ({ id: `${sequence}-${i}`, edit, insertion: edit.length === 0 }))
      .filter((s) => !this.isIgnored(s));
    this.view().dispatch({ effects: setSuggestions.of(suggestions) });
    this.report({ kind: 'ok', text: statusLine(suggestions.length, response.headers) });
  }
}

/** "4 suggestions · 18 of 20 sentences from cache · offline checker (daily budget reached)" */
export function statusLine(count: number, headers: Headers): string {
  const parts = [count === 0 ? 'No suggestions' : `${count} suggestion${count === 1 ? '' : 's'}`];
  const [cached, total] = (headers.get('X-Cache-Sentences') ?? '').split('/').map(Number);
  if (total > 0) parts.push(`${cached} of ${total} sentence${total === 1 ? '' : 's'} from cache`);
  const fallback = headers.get('X-Llm-Fallback');
  if (fallback) parts.push(`offline checker (${FALLBACK_TEXT[fallback] ?? fallback})`);
  return parts.join(' · ');
}
