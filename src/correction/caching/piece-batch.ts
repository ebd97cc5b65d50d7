import type { TextEdit } from '../edits/text-edit.js';

/**
 * Sends texts to the model; one entry per text: its edits, null when the answer for it was unusable, or the
 * error that kept it from being answered (when the texts went out in several calls and only some failed).
 */
export type BatchDispatch = (texts: string[]) => Promise<(TextEdit[] | null | Error)[]>;

/** The model answered the batch but not usably for this piece. */
export class UnusableAnswerError extends Error {
  public constructor() {
    super('the model gave no usable answer for this piece');
    this.name = 'UnusableAnswerError';
  }
}

interface Waiter {
  text: string;
  resolve(edits: TextEdit[]): void;
  reject(err: unknown): void;
}

/**
 * Collects the cache misses of ONE request into one model call (DataLoader-style). Every piece is looked up
 * through the cache on its own — so the cache's per-key single-flight and distributed lock still hold per
 * piece — and the lookups that reach the model layer `join` here. The batch goes out as soon as every piece
 * of the request has either joined or been answered otherwise (`done`), or `windowMs` after the first join:
 * the window caps the wait for pieces held up elsewhere (e.g. waiting on another instance's lock for the
 * same sentence), so two requests sharing sentences can never wait on each other for long.
 */
export class PieceBatch {
  private readonly state: ('pending' | 'joined' | 'done')[];
  private waiting: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;

  public constructor(
    size: number,
    private readonly windowMs: number,
    private readonly dispatch: BatchDispatch,
  ) {
    this.state = Array.from({ length: size }, () => 'pending' as const);
  }

  public join(index: number, text: string): Promise<TextEdit[]> {
    this.state[index] = 'joined';
    const answer = new Promise<TextEdit[]>((resolve, reject) => this.waiting.push({ text, resolve, reject }));
    this.schedule();
    return answer;
  }

  /** Piece `index` no longer needs the model (answered from a cache, or failed before joining). */
  public done(index: number): void {
    if (this.state[index] !== 'pending') return;
    this.state[index] = 'done';
    this.schedule();
  }

  private schedule(): void {
    if (this.waiting.length === 0) return;
    if (!this.state.includes('pending')) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return;
    this.dispatch(batch.map((w) => w.text)).then(
      (answers) =>
        batch.forEach((w, i) => {
          const answer = answers[i];
          if (answer instanceof Error) w.reject(answer);
          else if (answer) w.resolve(answer);
          else w.reject(new UnusableAnswerError());
        }),
      (err: unknown) => batch.forEach((w) => w.reject(err)),
    );
  }
}
