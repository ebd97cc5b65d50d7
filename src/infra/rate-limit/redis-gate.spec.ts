import { EventEmitter } from 'node:events';

import { describe, expect, it } from 'vitest';

import { RedisGate } from './redis-gate.js';

describe('RedisGate', () => {
  const setup = () => {
    const connection = Object.assign(new EventEmitter(), { status: 'ready' });
    const clock = { ms: 0 };
    return { connection, clock, gate: new RedisGate(connection, () => clock.ms, 1_000) };
  };

  it('skips a client that is not connected, without trying it', () => {
    const { connection, gate } = setup();
    connection.status = 'reconnecting';
    expect(gate.tryAcquire()).toBe(false);
    connection.status = 'ready';
    expect(gate.tryAcquire()).toBe(true);
  });

  it('after a failure, skips Redis for the cool-down, then lets exactly one check probe it', () => {
    const { clock, gate } = setup();
    gate.failed();
    expect(gate.tryAcquire()).toBe(false);
    clock.ms = 1_000;
    expect(gate.tryAcquire()).toBe(true);
    expect(gate.tryAcquire()).toBe(false); // the probe is in flight
    gate.succeeded();
    expect([gate.tryAcquire(), gate.tryAcquire()]).toEqual([true, true]);
  });

  it('a failed probe starts another cool-down', () => {
    const { clock, gate } = setup();
    gate.failed();
    clock.ms = 1_000;
    gate.tryAcquire();
    gate.failed();
    clock.ms = 1_999;
    expect(gate.tryAcquire()).toBe(false);
    clock.ms = 2_000;
    expect(gate.tryAcquire()).toBe(true);
  });

  it('a reconnection ends the cool-down at once', () => {
    const { connection, gate } = setup();
    gate.failed();
    connection.status = 'reconnecting';
    expect(gate.tryAcquire()).toBe(false);
    connection.status = 'ready';
    connection.emit('ready');
    expect(gate.tryAcquire()).toBe(true);
  });
});
