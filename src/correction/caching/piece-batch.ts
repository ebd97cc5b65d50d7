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
  index: number;
  text: string;
  resolve(edits: TextEdit[]): void;
  reject(err: unknown): void;
}

/**
 * - pending: looking in Redis, or waiting for a lock / flight held elsewhere (may take long);
 * - loading: this request owns the load and is reading PostgreSQL (will join or be answered shortly);
 * - joined: waiting for the model call; done: answered otherwise.
 */
type PieceState = 'pending' | 'loading' | 'joined' | 'done';

/**
 * Collects the cache misses of ONE request into one model call (DataLoader-style). Every piece is looked up
 * through the cache on its own — so the cache's per-key single-flight and distributed lock still hold per
 * piece — and the lookups that reach the model layer `join` here.
 *
 * The call goes out once no piece is still reading PostgreSQL and either every piece has joined or been
 * answered, or `windowMs` has passed since the first join. Pieces still `pending` then are held up
 * elsewhere (another instance's lock on the same sentence, another request's flight): the window caps the
 * wait for them, so two requests sharing sentences never wait on each other for long. A piece that joins
 * later goes out in a call of its own.
 */
export class PieceBatch {
  private readonly state: PieceState[];
  private waiting: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;
  private windowOver = false;

  public constructor(
    size: number,
    private readonly windowMs: number,
    private readonly dispatch: BatchDispatch,
  ) {
    this.state = Array.from({ length: size }, () => 'pending' as const);
  }

  /** Piece `index` missed Redis and this request is loading it (its PostgreSQL layer started). */
  public loading(index: number): void {
    if (this.state[index] === 'pending') this.state[index] = 'loading';
  }

  public join(index: number, text: string): Promise<TextEdit[]> {
    this.state[index] = 'joined';
    const answer = new Promise<TextEdit[]>((resolve, reject) =>
      this.waiting.push({ index, text, resolve, reject }),
    );
    if (!this.timer && !this.windowOver) {
      this.timer = setTimeout(() => {
        this.windowOver = true;
        this.maybeFlush();
      }, this.windowMs);
    }
    this.maybeFlush();
    return answer;
  }

  /** Piece `index` no longer needs the model (answered from a cache, or failed before joining). */
  public done(index: number): void {
    if (this.state[index] === 'joined' || this.state[index] === 'done') return;
    this.state[index] = 'done';
    this.maybeFlush();
  }

  private maybeFlush(): void {
    if (this.waiting.length === 0 || this.state.includes('loading')) return;
    if (this.state.includes('pending') && !this.windowOver) return;
    this.flush();
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.windowOver = true;
    // In document order, whichever piece's cache lookups finished first: the model reads the sentences
    // as the writer wrote them, and the same document makes the same prompt.
    const batch = this.waiting.sort((a, b) => a.index - b.index);
    this.waiting = [];
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
