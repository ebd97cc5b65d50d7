import { EventEmitter } from 'node:events';

import type { Cluster, Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';

import { batchWritesPerTurn } from './write-batching.js';

/** A single-node client as the batching sees it: its status, its socket and its `sendCommand`. */
function client(status = 'ready') {
  const stream = { cork: vi.fn<() => void>(), uncork: vi.fn<() => void>() };
  const sendCommand = vi.fn<(command: unknown) => string>((command) => `sent ${String(command)}`);
  const redis = { status, stream, sendCommand };
  batchWritesPerTurn(redis as unknown as Redis);
  return { redis: redis as unknown as Redis, stream, sendCommand };
}

const turnEnd = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('batchWritesPerTurn', () => {
  it('corks the socket for the commands of one turn and uncorks it when the turn ends', async () => {
    const { redis, stream, sendCommand } = client();
    const send = redis.sendCommand.bind(redis) as unknown as (command: string) => unknown;

    expect([send('GET a'), send('EXISTS b'), send('EVALSHA c')]).toEqual([
      'sent GET a',
      'sent EXISTS b',
      'sent EVALSHA c',
    ]);
    expect(sendCommand).toHaveBeenCalledTimes(3);
    expect(stream.cork).toHaveBeenCalledTimes(1);
    expect(stream.uncork).not.toHaveBeenCalled();

    await turnEnd();
    expect(stream.uncork).toHaveBeenCalledTimes(1);

    send('GET d');
    expect(stream.cork).toHaveBeenCalledTimes(2);
    await turnEnd();
    expect(stream.uncork).toHaveBeenCalledTimes(2);
  });

  it('leaves the socket alone before the connection is ready (the handshake’s own commands)', async () => {
    const { redis, stream, sendCommand } = client('connect');
    (redis.sendCommand.bind(redis) as unknown as (command: string) => unknown)('AUTH x');
    await turnEnd();
    expect(sendCommand).toHaveBeenCalledTimes(1);
    expect(stream.cork).not.toHaveBeenCalled();
    expect(stream.uncork).not.toHaveBeenCalled();
  });

  it('batches each node of a cluster as it joins, and leaves the cluster’s own routing alone', async () => {
    const routeCommand = vi.fn<(command: unknown) => string>((command) => `routed ${String(command)}`);
    const cluster = Object.assign(new EventEmitter(), { nodes: () => [], sendCommand: routeCommand });
    batchWritesPerTurn(cluster as unknown as Cluster);
    expect(cluster.sendCommand).toBe(routeCommand);

    const stream = { cork: vi.fn<() => void>(), uncork: vi.fn<() => void>() };
    const sendCommand = vi.fn<(command: unknown) => string>((command) => `sent ${String(command)}`);
    const node = { status: 'ready', stream, sendCommand };
    cluster.emit('+node', node);
    const send = node.sendCommand.bind(node) as unknown as (command: string) => unknown;

    expect([send('GET {u1}a'), send('EVALSHA {u1}b')]).toEqual(['sent GET {u1}a', 'sent EVALSHA {u1}b']);
    expect(stream.cork).toHaveBeenCalledTimes(1);
    await turnEnd();
    expect(stream.uncork).toHaveBeenCalledTimes(1);
  });
});
