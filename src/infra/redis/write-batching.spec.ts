import { Cluster, Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';

import { strictMock } from '#test/helpers/strict-mock.js';

import { batchWritesPerTurn } from './write-batching.js';

/** A connection's socket as the batching uses it. */
const socket = () => ({ cork: vi.fn<() => void>(), uncork: vi.fn<() => void>() });

/** A single node as the batching sees it: its status, its socket and its `sendCommand`; nothing else. */
function node(status: Redis['status'] = 'ready') {
  const stream = socket();
  const redis = strictMock(
    Redis,
    { sendCommand: (command: unknown) => `sent ${String(command)}` },
    { status, stream: stream as unknown as Redis['stream'] },
  );
  const sendCommand = redis.sendCommand;
  return { redis, stream, sendCommand };
}

/** `sendCommand` as the client's callers reach it, after the batching wrapped it. */
const sender = (redis: Redis) => redis.sendCommand.bind(redis) as unknown as (command: string) => unknown;

const turnEnd = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('batchWritesPerTurn', () => {
  it('corks the socket for the commands of one turn and uncorks it when the turn ends', async () => {
    const { redis, stream, sendCommand } = node();
    batchWritesPerTurn(redis);
    const send = sender(redis);

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
    const { redis, stream, sendCommand } = node('connect');
    batchWritesPerTurn(redis);
    sender(redis)('AUTH x');
    await turnEnd();
    expect(sendCommand).toHaveBeenCalledTimes(1);
    expect(stream.cork).not.toHaveBeenCalled();
    expect(stream.uncork).not.toHaveBeenCalled();
  });

  it('batches each node of a cluster as it joins, and leaves the cluster’s own routing alone', async () => {
    let onJoin: ((joined: Redis) => void) | undefined;
    const cluster = strictMock(Cluster, {
      nodes: () => [],
      on: (event: string, listener: (joined: Redis) => void) => {
        expect(event).toBe('+node');
        onJoin = listener;
        return cluster;
      },
    });
    batchWritesPerTurn(cluster);

    const { redis, stream } = node();
    onJoin!(redis);
    const send = sender(redis);
    expect([send('GET {u1}a'), send('EVALSHA {u1}b')]).toEqual(['sent GET {u1}a', 'sent EVALSHA {u1}b']);
    expect(stream.cork).toHaveBeenCalledTimes(1);
    await turnEnd();
    expect(stream.uncork).toHaveBeenCalledTimes(1);
  });
});
