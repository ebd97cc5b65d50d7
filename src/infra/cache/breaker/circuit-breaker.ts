export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before a probe is tried (and between failed probes). */
  openMs: number;
  /** A cheap call (PING) that succeeds when the backend is back. Runs in the background, never on a request. */
  probe: () => Promise<unknown>;
  onStateChange?: (state: BreakerState) => void;
}

/**
 * Closed → (N consecutive failures) → open → (openMs) → half-open: one background probe → closed on
 * success, open again on failure. While open or half-open no request is let through, so callers stop
 * paying the command timeout of a dead or frozen Redis; the probe alone finds out when it is back.
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private consecutiveFailures = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private opened = 0;
  private readonly closeListeners: (() => void)[] = [];

  public constructor(private readonly options: CircuitBreakerOptions) {}

  public get state(): BreakerState {
    return this.current;
  }

  /** How many times the circuit has opened (for metrics). */
  public get openings(): number {
    return this.opened;
  }

  /** Called each time the circuit closes again after being open (the backend is back). */
  public onClosed(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  public allowsRequest(): boolean {
    return this.current === 'closed';
  }

  public recordSuccess(): void {
    if (this.current === 'closed') this.consecutiveFailures = 0;
  }

  public recordFailure(): void {
    // Late answers of requests sent before the circuit opened change nothing.
    if (this.current !== 'closed') return;
    if (++this.consecutiveFailures >= this.options.failureThreshold) this.open();
  }

  /** Stops the probe timer (application shutdown). */
  public stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private open(): void {
    this.opened++;
    this.transition('open');
    this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.probe(), this.options.openMs);
    this.timer.unref();
  }

  private async probe(): Promise<void> {
    this.transition('half-open');
    try {
      await this.options.probe();
      this.consecutiveFailures = 0;
      this.transition('closed');
    } catch {
      this.transition('open');
      this.scheduleProbe();
    }
  }

  private transition(state: BreakerState): void {
    if (this.current === state) return;
    this.current = state;
    this.options.onStateChange?.(state);
    if (state === 'closed') for (const listener of this.closeListeners) listener();
  }
}
