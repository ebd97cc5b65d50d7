import { afterEach, describe, expect, it, vi } from 'vitest';

import { CircuitBreaker, CircuitOpenError, type CircuitState } from './circuit-breaker.js';

function setup(overrides: { isFailure?: (err: unknown) => boolean } = {}) {
  let now = 1_000;
  const transitions: string[] = [];
  const breaker = new CircuitBreaker({
    name: 'upstream',
    failureThreshold: 3,
    openMs: 5_000,
    now: () => now,
    onStateChange: (from: CircuitState, to: CircuitState) => transitions.push(`${from}->${to}`),
    ...overrides,
  });
  return { breaker, transitions, advance: (ms: number) => (now += ms) };
}

const fail = () => Promise.reject(new Error('boom'));
const succeed = () => Promise.resolve('ok');

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures and then refuses without calling', async () => {
    const { breaker } = setup();
    for (let i = 0; i < 3; i++) await expect(breaker.execute(fail)).rejects.toThrow('boom');
    expect(breaker.getState()).toBe('open');

    let called = false;
    await expect(
      breaker.execute(async () => {
        called = true;
      }),
    ).rejects.toBeInstanceOf(CircuitOpenError);
    expect(called).toBe(false);
    expect(breaker.stats()).toMatchObject({ rejected: 1, failures: 3 });
  });

  it('a success resets the count of consecutive failures', async () => {
    const { breaker } = setup();
    await expect(breaker.execute(fail)).rejects.toThrow();
    await expect(breaker.execute(fail)).rejects.toThrow();
    await breaker.execute(succeed);
    await expect(breaker.execute(fail)).rejects.toThrow();
    expect(breaker.getState()).toBe('closed');
  });

  it('lets one probe through after the open period: success closes, failure re-opens', async () => {
    const { breaker, advance, transitions } = setup();
    for (let i = 0; i < 3; i++) await expect(breaker.execute(fail)).rejects.toThrow();
    advance(5_000);
    expect(breaker.getState()).toBe('half-open');
    await expect(breaker.execute(fail)).rejects.toThrow('boom');
    expect(breaker.getState()).toBe('open');
    await expect(breaker.execute(succeed)).rejects.toBeInstanceOf(CircuitOpenError);

    advance(5_000);
    await expect(breaker.execute(succeed)).resolves.toBe('ok');
    expect(breaker.getState()).toBe('closed');
    expect(transitions).toEqual([
      'closed->open',
      'open->half-open',
      'half-open->open',
      'open->half-open',
      'half-open->closed',
    ]);
  });

  it('refuses concurrent calls while the single probe is in flight', async () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) await expect(breaker.execute(fail)).rejects.toThrow();
    advance(5_000);
    let release!: () => void;
    const probe = breaker.execute(() => new Promise<string>((resolve) => (release = () => resolve('probe'))));
    await expect(breaker.execute(succeed)).rejects.toBeInstanceOf(CircuitOpenError);
    release();
    await expect(probe).resolves.toBe('probe');
    await expect(breaker.execute(succeed)).resolves.toBe('ok');
  });

  it('ignores errors that isFailure says are not the upstream being unwell', async () => {
    const { breaker } = setup({ isFailure: (err) => (err as Error).message !== 'not found' });
    for (let i = 0; i < 10; i++) {
      await expect(breaker.execute(() => Promise.reject(new Error('not found')))).rejects.toThrow();
    }
    expect(breaker.getState()).toBe('closed');
  });
});

describe('CircuitBreaker with a background probe (callers report back instead of calling through it)', () => {
  afterEach(() => vi.useRealTimers());

  function breaker(probe: () => Promise<unknown>) {
    const states: CircuitState[] = [];
    const closed: number[] = [];
    const b = new CircuitBreaker({
      name: 'store',
      failureThreshold: 3,
      openMs: 1_000,
      probe,
      onStateChange: (_from, to) => states.push(to),
    });
    b.onClosed(() => closed.push(states.length));
    return { b, states, closed };
  }

  it('opens after N consecutive failures, not after N failures interleaved with successes', () => {
    const { b } = breaker(async () => undefined);
    b.recordFailure();
    b.recordFailure();
    b.recordSuccess();
    b.recordFailure();
    b.recordFailure();
    expect(b.getState()).toBe('closed');
    b.recordFailure();
    expect(b.getState()).toBe('open');
    expect(b.allowsRequest()).toBe(false);
    expect(b.stats().openings).toBe(1);
    b.stop();
  });

  it('probes in the background after openMs, stays open while the probe fails, closes when it succeeds', async () => {
    vi.useFakeTimers();
    let up = false;
    const probe = vi.fn(async () => {
      if (!up) throw new Error('ECONNREFUSED');
    });
    const { b, states, closed } = breaker(probe);
    for (let i = 0; i < 3; i++) b.recordFailure();
    await vi.advanceTimersByTimeAsync(999);
    expect(probe).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(probe).toHaveBeenCalledTimes(1);
    expect(b.getState()).toBe('open');
    up = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(b.getState()).toBe('closed');
    expect(b.allowsRequest()).toBe(true);
    expect(states).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
    expect(closed).toEqual([5]);
    b.stop();
  });

  it('lets no caller through while open or half-open: execute refuses, only the probe runs', async () => {
    vi.useFakeTimers();
    let release!: () => void;
    const { b } = breaker(() => new Promise<void>((r) => (release = r)));
    for (let i = 0; i < 3; i++) b.recordFailure();
    await expect(b.execute(async () => 'ok')).rejects.toBeInstanceOf(CircuitOpenError);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(b.getState()).toBe('half-open');
    expect(b.allowsRequest()).toBe(false);
    await expect(b.execute(async () => 'ok')).rejects.toBeInstanceOf(CircuitOpenError);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(b.getState()).toBe('closed');
    await expect(b.execute(async () => 'ok')).resolves.toBe('ok');
    b.stop();
  });

  it('a late success of a call sent before the circuit opened does not close it; close() does', () => {
    const { b } = breaker(() => new Promise(() => undefined));
    for (let i = 0; i < 3; i++) b.recordFailure();
    b.recordSuccess();
    expect(b.getState()).toBe('open');
    b.close();
    expect(b.getState()).toBe('closed');
    b.stop();
  });
});
