import { describe, expect, it } from 'vitest';

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
