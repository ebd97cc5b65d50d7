import { afterEach, describe, expect, it, vi } from 'vitest';

import { type BreakerState, CircuitBreaker } from './circuit-breaker.js';

describe('CircuitBreaker', () => {
  afterEach(() => vi.useRealTimers());

  function breaker(probe: () => Promise<unknown>) {
    const states: BreakerState[] = [];
    const b = new CircuitBreaker({
      failureThreshold: 3,
      openMs: 1_000,
      probe,
      onStateChange: (s) => states.push(s),
    });
    return { b, states };
  }

  it('opens after N consecutive failures, not after N failures interleaved with successes', () => {
    const { b } = breaker(async () => undefined);
    b.recordFailure();
    b.recordFailure();
    b.recordSuccess();
    b.recordFailure();
    b.recordFailure();
    expect(b.state).toBe('closed');
    b.recordFailure();
    expect(b.state).toBe('open');
    expect(b.allowsRequest()).toBe(false);
    expect(b.openings).toBe(1);
    b.stop();
  });

  it('probes in the background after openMs, stays open while the probe fails, closes when it succeeds', async () => {
    vi.useFakeTimers();
    let up = false;
    const probe = vi.fn(async () => {
      if (!up) throw new Error('ECONNREFUSED');
    });
    const { b, states } = breaker(probe);
    for (let i = 0; i < 3; i++) b.recordFailure();
    await vi.advanceTimersByTimeAsync(999);
    expect(probe).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(probe).toHaveBeenCalledTimes(1);
    expect(b.state).toBe('open');
    up = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(b.state).toBe('closed');
    expect(b.allowsRequest()).toBe(true);
    expect(states).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
    b.stop();
  });

  it('does not let requests through while half-open (only the probe runs)', async () => {
    vi.useFakeTimers();
    let release!: () => void;
    const { b } = breaker(() => new Promise<void>((r) => (release = r)));
    for (let i = 0; i < 3; i++) b.recordFailure();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(b.state).toBe('half-open');
    expect(b.allowsRequest()).toBe(false);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(b.state).toBe('closed');
    b.stop();
  });
});
