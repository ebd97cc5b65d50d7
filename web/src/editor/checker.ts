import type { Text } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';

import { type CorrectionEdit, describeFailure } from '../api/client';
import type { Session } from '../session';
import { type Batch, batchesOf, type Chunk, chunksOf, editsByPart } from './chunks';
import { setSuggestions, type Suggestion } from './suggestions';

export const CHECK_DELAY_MS = 800;
/** A check not answered within this long says "Checking…". */
const SLOW_CHECK_MS = 500;

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
 * A model fallback that may not happen next time: its answers are drawn but not kept, so the next check
 * asks again and may get the model's.
 */
const PASSING_FALLBACKS = new Set(['circuit-open', 'upstream-error', 'invalid-answer', 'deadline']);

/** What one check's requests answered: the sentence counts (`X-Cache-Sentences`), the fallback, and answers not kept. */
interface Answered {
  cached: number;
  total: number;
  fallback: string | null;
  unkept: Map<string, CorrectionEdit[]>;
}

/**
 * Checks the document about 800 ms after typing stops. A check in flight when the text changes is
 * aborted, and an answer for text that is no longer the document's is dropped, never drawn.
 *
 * The document is checked line by line (`chunks.ts`), and each line's answer is remembered until the line
 * changes: typing in one paragraph of a long document sends that paragraph, not the whole text, and a
 * document longer than one request allows is checked in several. Lines not yet checked go in as few
 * requests as fit, one after another, and their underlines appear as each answers.
 */
export class Checker {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: AbortController | undefined;
  private sequence = 0;
  /** Each line's edits (offsets within the line), by its text. */
  private readonly answers = new Map<string, CorrectionEdit[]>();

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
    // A check still running (between its requests) sees this and stops.
    this.sequence++;
    this.timer = setTimeout(() => void this.check(), delayMs);
  }

  /** What the service answers changed (settings, the personal dictionary): forget every answer and check again. */
  public recheck(): void {
    this.answers.clear();
    this.schedule(0);
  }

  /** Drops remembered edits the service would no longer give (a word added to the personal dictionary). */
  public forget(drop: (edit: CorrectionEdit) => boolean): void {
    for (const [line, edits] of this.answers)
      this.answers.set(
        line,
        edits.filter((e) => !drop(e)),
      );
  }

  public stop(): void {
    clearTimeout(this.timer);
    this.inFlight?.abort();
  }

  private async check(): Promise<void> {
    const doc = this.view().state.doc;
    const text = doc.toString();
    const chunks = chunksOf(text);
    // Every schedule() bumps it, so a newer check or an edit (which schedules one) makes this one stale.
    const sequence = this.sequence;
    const answered: Answered = { cached: 0, total: 0, fallback: null, unkept: new Map() };
    const batches = batchesOf(chunks.map((c) => c.text).filter((t) => !this.answers.has(t)));
    // Said only when the answer is slow to come (the offline checker's first start takes seconds), so a
    // quick check does not flicker the status line.
    const checking = batches.length > 1 ? `Checking… (${batches.length} parts)` : 'Checking…';
    const slow = setTimeout(() => this.report({ kind: 'ok', text: checking }), SLOW_CHECK_MS);
    try {
      const stopped = await this.sendAll(batches, chunks, doc, sequence, answered);
      if (stopped) return;
    } finally {
      clearTimeout(slow);
    }
    this.inFlight = undefined;
    const count = this.draw(chunks, sequence, answered);
    this.report({ kind: 'ok', text: chunks.length === 0 ? '' : statusLine(count, answered) });
    // Only the lines still in the document are worth remembering.
    const current = new Set(chunks.map((c) => c.text));
    for (const key of this.answers.keys()) if (!current.has(key)) this.answers.delete(key);
  }

  /** The requests one after another; true when the check stopped (superseded, or a failure reported). */
  private async sendAll(
    batches: readonly Batch[],
    chunks: readonly Chunk[],
    doc: Text,
    sequence: number,
    answered: Answered,
  ): Promise<boolean> {
    for (const batch of batches) {
      const failure = await this.send(batch, answered);
      // The document is immutable: any edit since makes another one.
      if (sequence !== this.sequence || this.view().state.doc !== doc) return true;
      this.draw(chunks, sequence, answered);
      if (failure !== undefined) {
        this.report({ kind: 'error', text: failure.text });
        // Rate-limited or a dependency down: the check resumes by itself when the service says to retry.
        if (failure.retryAfterMs !== undefined) this.schedule(failure.retryAfterMs);
        return true;
      }
    }
    return false;
  }

  /** One request; its answers are remembered even if the text changed meanwhile (they are keyed by text). */
  private async send(batch: Batch, answered: Answered): Promise<Failure | undefined> {
    const controller = new AbortController();
    this.inFlight = controller;
    let result;
    try {
      result = await this.session.call(() =>
        this.session.api.POST('/api/v1/llm/correct', {
          body: { text: batch.text },
          signal: controller.signal,
        }),
      );
    } catch (err) {
      if (controller.signal.aborted) return undefined;
      return { text: `Could not reach ProsePolish: ${(err as Error).message}` };
    }
    const { data, error, response } = result;
    if (!data) return failureOf(response, error);
    const fallback = response.headers.get('X-Llm-Fallback');
    const keep = fallback === null || !PASSING_FALLBACKS.has(fallback);
    for (const [part, edits] of editsByPart(batch, data.edits))
      (keep ? this.answers : answered.unkept).set(part, edits);
    const [cached, total] = (response.headers.get('X-Cache-Sentences') ?? '').split('/').map(Number);
    if (total > 0) {
      answered.cached += cached;
      answered.total += total;
    }
    answered.fallback = fallback ?? answered.fallback;
    return undefined;
  }

  /** Underlines every line answered so far; returns how many are drawn. */
  private draw(chunks: readonly Chunk[], sequence: number, answered: Answered): number {
    const suggestions = chunks.flatMap((chunk, c) =>
      (answered.unkept.get(chunk.text) ?? this.answers.get(chunk.text) ?? [])
        .map((edit, i): Suggestion => ({
          id: `${sequence}-${c}-${i}`,
          edit: { ...edit, offset: chunk.from + edit.offset },
          insertion: edit.length === 0,
        }))
        .filter((s) => !this.isIgnored(s)),
    );
    this.view().dispatch({ effects: setSuggestions.of(suggestions) });
    return suggestions.length;
  }
}

interface Failure {
  text: string;
  retryAfterMs?: number;
}

function failureOf(response: Response, body: unknown): Failure {
  const seconds = Number(response.headers.get('Retry-After'));
  if (!(seconds > 0) || (response.status !== 429 && response.status !== 503)) {
    return { text: describeFailure(response, body) };
  }
  const text =
    response.status === 429
      ? `Too many checks for now: checking again in ${seconds} s.`
      : `${describeFailure(response, body)} Checking again in ${seconds} s.`;
  return { text, retryAfterMs: seconds * 1000 };
}

/**
 * "4 suggestions · 18 of 20 sentences from cache · offline checker (daily budget reached)": the sentences
 * are those this check sent; lines answered before are not sent again.
 */
function statusLine(count: number, { cached, total, fallback }: Answered): string {
  const parts = [count === 0 ? 'No suggestions' : `${count} suggestion${count === 1 ? '' : 's'}`];
  if (total > 0) parts.push(`${cached} of ${total} sentence${total === 1 ? '' : 's'} from cache`);
  if (fallback) parts.push(`offline checker (${FALLBACK_TEXT[fallback] ?? fallback})`);
  return parts.join(' · ');
}
