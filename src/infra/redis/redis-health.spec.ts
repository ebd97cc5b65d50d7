import { EventEmitter } from 'node:events';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { CircuitBreaker } from '#src/infra/resilience/circuit-breaker.js';

import { RedisHealth } from './redis-health.js';

describe('RedisHealth', () => {
  afterEach(() => vi.useRealTimers());

  const setup = (ping: () => Promise<unknown>) => {
    const connection = Object.assign(new EventEmitter(), { status: 'ready', ping: vi.fn(ping) });
    const breaker = new CircuitBreaker({
      name: 'redis',
      failureThreshold: 1,
      openMs: 1_000,
      probe: () => connection.ping(),
    });
    return { connection, health: new RedisHealth(connection, breaker), breaker };
  };

  it('skips a client that is not connected, without trying it', () => {
    const { connection, health } = setup(async () => 'PONG');
    connection.status = 'reconnecting';
    expect(health.skipping).toBe(true);
    connection.status = 'ready';
    expect(health.skipping).toBe(false);
  });

  it('after one failure every caller skips Redis until a background PING answers', async () => {
    vi.useFakeTimers();
    let answers = false;
    const { connection, health } = setup(() =>
      answers ? Promise.resolve('PONG') : Promise.reject(new Error('timeout')),
    );
    health.failed();
    expect(health.skipping).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(connection.ping).toHaveBeenCalledTimes(1);
    expect(health.skipping).toBe(true); // the probe failed: still skipping, no caller paid for it
    answers = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(connection.ping).toHaveBeenCalledTimes(2);
    expect(health.skipping).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(connection.ping).toHaveBeenCalledTimes(2); // healthy: no more probes
  });

  it('a reconnection ends the outage at once', () => {
    const { connection, health, breaker } = setup(() => new Promise(() => undefined));
    health.failed();
    connection.emit('ready');
    expect(health.skipping).toBe(false);
    breaker.stop();
  });
});
