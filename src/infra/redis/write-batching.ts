import type { Redis } from 'ioredis';

import { isCluster, type RedisClient } from './redis.connection.js';

type Writable = { cork(): void; uncork(): void };

/**
 * Sends the commands a connection is given during one event-loop turn in one socket write, as ioredis'
 * auto-pipelining does, without its `Pipeline` objects: those kept every request's commands and replies
 * alive past two scavenges, and V8 promoted 15–17 % of what a request allocates
 * (`bench/results/2026-12-04-what-survives-a-scavenge.md`). The socket is corked at the turn's first
 * command and uncorked when the turn ends (`setImmediate`, where auto-pipelining sent its batch), so Node
 * hands the buffered commands to the kernel in one `writev`. A cluster's nodes are batched as they join.
 */
export function batchWritesPerTurn(client: RedisClient): void {
  if (isCluster(client)) {
    client.on('+node', (node: Redis) => batchNode(node));
    return;
  }
  batchNode(client);
}

function batchNode(redis: Redis): void {
  const send = redis.sendCommand.bind(redis);
  let corked: Writable | undefined;
  redis.sendCommand = (...args: Parameters<Redis['sendCommand']>) => {
    const socket = redis.stream as Writable | undefined;
    if (!corked && socket && redis.status === 'ready') {
      corked = socket;
      socket.cork();
      setImmediate(() => {
        corked = undefined;
        socket.uncork();
      });
    }
    return send(...args);
  };
}
