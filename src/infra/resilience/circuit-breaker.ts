/**
 * The one circuit breaker type, for everything that can go away: the upstream APIs, Redis, PostgreSQL.
 * Each dependency has one instance, created through `CircuitBreakerRegistry` so that `/metrics` and the
 * admin stats see them all.
 *
 * closed    → calls pass; `failureThreshold` consecutive failures open the circuit.
 * open      → calls are refused at once (no timeout paid) for `openMs`.
 * half-open → one probe finds out whether the dependency is back: success closes, failure re-opens.
 *
 * The probe is either a caller's call (the first one after `openMs`), or — when `probe` is given — a
 * cheap background call (PING, SELECT 1), so that no writer's request ever pays a dead dependency's
 * timeout. Callers either wrap calls in `execute`, or ask `allowsRequest()` and report back with
 * `recordSuccess()` / `recordFailure()` (for calls that have a fallback instead of an error).
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Shown in errors, logs, stats and metrics. */
  name: string;
  /** `datastore` (Redis, PostgreSQL) or `upstream` (an HTTP API). Default `upstream`. */
  kind?: 'datastore' | 'upstream';
  /** Consecutive failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before a probe (and between failed background probes). Default 10 s. */
  openMs?: number;
  /** Which thrown errors count as failures. Default: all of them. */
  isFailure?: (err: unknown) => boolean;
  /** A background call that succeeds once the dependency is back; without it, a caller's call probes. */
  probe?: () => Promise<unknown>;
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
  kind: 'datastore' | 'upstream';
  state: CircuitState;
  consecutiveFailures: number;
  /** Calls refused while open. */
  rejected: number;
  failures: number;
  successes: number;
  /** How many times the circuit has opened. */
  openings: number;
}

export class CircuitBreaker {
  private state: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private probeInFlight = false;
  private probeTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly counters = { rejected: 0, failures: 0, successes: 0, openings: 0 };
  private readonly closeListeners: (() => void)[] = [];
  private readonly failureThreshold: number;
  private readonly openMs: number;
  private readonly now: () => number;

  public constructor(private readonly options: CircuitBreakerOptions) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.openMs = options.openMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  public get name(): string {
    return this.options.name;
  }

  /** The current state; an open circuit whose wait is over (and that a caller will probe) reports `half-open`. */
  public getState(): CircuitState {
    if (this.state === 'open' && !this.options.probe && this.now() - this.openedAt >= this.openMs)
      return 'half-open';
    return this.state;
  }

  public stats(): CircuitStats {
    return {
      name: this.name,
      kind: this.options.kind ?? 'upstream',
      state: this.getState(),
      consecutiveFailures: this.consecutiveFailures,
      ...this.counters,
    };
  }

  /** Whether a caller with a fallback should try the dependency now (only while closed). */
  public allowsRequest(): boolean {
    return this.state === 'closed';
  }

  /** Runs `fn` unless the circuit is open; throws `CircuitOpenError` without calling it otherwise. */
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

  /** A call succeeded. Late answers of calls sent before the circuit opened change nothing. */
  public recordSuccess(): void {
    this.counters.successes++;
    if (this.state === 'open') return;
    this.consecutiveFailures = 0;
    if (this.state === 'half-open' && !this.options.probe) this.close();
  }

  /** A call failed in a way that says the dependency is unwell. */
  public recordFailure(): void {
    this.counters.failures++;
    if (this.state === 'open') return;
    this.consecutiveFailures++;
    if (this.state === 'half-open' || this.consecutiveFailures >= this.failureThreshold) this.open();
  }

  /** The dependency said it is back (a reconnection): close now instead of waiting for the probe. */
  public close(): void {
    clearTimeout(this.probeTimer);
    this.consecutiveFailures = 0;
    if (this.state !== 'closed') this.transition('closed');
  }

  /** Called each time the circuit closes again after being open. */
  public onClosed(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /** Stops the background probe (application shutdown). */
  public stop(): void {
    this.stopped = true;
    clearTimeout(this.probeTimer);
  }

  /** Throws `CircuitOpenError` unless a call may go through now. */
  private admit(): void {
    if (this.state === 'closed') return;
    const waited = this.now() - this.openedAt;
    if (!this.options.probe) {
      if (this.state === 'open' && waited >= this.openMs) this.transition('half-open');
      if (this.state === 'half-open' && !this.probeInFlight) {
        this.probeInFlight = true;
        return;
      }
    }
    this.counters.rejected++;
    throw new CircuitOpenError(this.name, this.state === 'open' ? this.openMs - waited : 0);
  }

  private open(): void {
    this.openedAt = this.now();
    this.counters.openings++;
    this.transition('open');
    if (this.options.probe) this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.stopped) return;
    clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => void this.backgroundProbe(this.options.probe!), this.openMs);
    this.probeTimer.unref();
  }

  private async backgroundProbe(probe: () => Promise<unknown>): Promise<void> {
    if (this.state !== 'open') return;
    this.transition('half-open');
    try {
      await probe();
      if (this.probing()) this.close();
    } catch {
      if (!this.probing()) return;
      this.openedAt = this.now();
      this.transition('open');
      this.scheduleProbe();
    }
  }

  /** Still waiting for the background probe (a caller's late failure may have re-opened meanwhile). */
  private probing(): boolean {
    return this.state === 'half-open';
  }

  private transition(to: CircuitState): void {
    const from = this.state;
    if (from === to) return;
    this.state = to;
    this.options.onStateChange?.(from, to);
    if (to === 'closed') for (const listener of this.closeListeners) listener();
  }
}
