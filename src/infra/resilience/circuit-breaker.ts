/**
 * A small circuit breaker for calls to something that can go away (an upstream API, a Redis).
 *
 * closed    → calls pass; `failureThreshold` consecutive failures open the circuit.
 * open      → calls fail at once with `CircuitOpenError` (no timeout paid) for `openMs`.
 * half-open → one probe call passes; success closes the circuit, failure opens it again.
 *
 * Only failures that mean "the other side is unwell" should count: pass `isFailure` to ignore, e.g.,
 * a 404 that was thrown as an error.
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Shown in errors and stats. */
  name: string;
  /** Consecutive failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before a probe is let through. Default 10 s. */
  openMs?: number;
  /** Which thrown errors count as failures. Default: all of them. */
  isFailure?: (err: unknown) => boolean;
  /** Injectable clock (tests). */
  now?: () => number;
  onStateChange?: (from: CircuitState, to: CircuitState) => void;
}

export class CircuitOpenError extends Error {
  constructor(
    public readonly circuit: string,
    public readonly retryInMs: number,
  ) {
    super(`circuit ${circuit} is open; next probe in ${Math.max(0, Math.ceil(retryInMs))} ms`);
    this.name = 'CircuitOpenError';
  }
}

export interface CircuitStats {
  name: string;
  state: CircuitState;
  consecutiveFailures: number;
  /** Calls refused while open. */
  rejected: number;
  failures: number;
  successes: number;
}

export class CircuitBreaker {
  private state: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private probeInFlight = false;
  private readonly counters = { rejected: 0, failures: 0, successes: 0 };
  private readonly failureThreshold: number;
  private readonly openMs: number;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.openMs = options.openMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  public get name(): string {
    return this.options.name;
  }

  /** The current state; an open circuit whose wait is over reports `half-open`. */
  public getState(): CircuitState {
    if (this.state === 'open' && this.now() - this.openedAt >= this.openMs) return 'half-open';
    return this.state;
  }

  public stats(): CircuitStats {
    return {
      name: this.name,
      state: this.getState(),
      consecutiveFailures: this.consecutiveFailures,
      ...this.counters,
    };
  }

  public async execute<T>(fn: () => Promise<T>): Promise<T> {
    this.admit();
    const probing = this.state === 'half-open';
    try {
      const result = await fn();
      this.recordSuccess();
      return result;
    } catch (err) {
      if (this.options.isFailure?.(err) ?? true) this.recordFailure();
      else this.recordSuccess();
      throw err;
    } finally {
      if (probing) this.probeInFlight = false;
    }
  }

  /** Throws `CircuitOpenError` unless a call may go through now. */
  private admit(): void {
    if (this.state === 'closed') return;
    const waited = this.now() - this.openedAt;
    if (this.state === 'open' && waited >= this.openMs) this.transition('half-open');
    if (this.state === 'half-open' && !this.probeInFlight) {
      this.probeInFlight = true;
      return;
    }
    this.counters.rejected++;
    throw new CircuitOpenError(this.name, this.state === 'open' ? this.openMs - waited : 0);
  }

  private recordSuccess(): void {
    this.counters.successes++;
    this.consecutiveFailures = 0;
    if (this.state !== 'closed') this.transition('closed');
  }

  private recordFailure(): void {
    this.counters.failures++;
    this.consecutiveFailures++;
    if (this.state === 'half-open' || this.consecutiveFailures >= this.failureThreshold) {
      this.openedAt = this.now();
      if (this.state !== 'open') this.transition('open');
    }
  }

  private transition(to: CircuitState): void {
    const from = this.state;
    this.state = to;
    this.options.onStateChange?.(from, to);
  }
}
