import { isCluster, type RedisClient } from './redis.connection.js';

/** What the watchdog reads of a connection: ioredis' queue of commands sent and not yet answered. */
export interface QueuedCommands {
  commandQueue: {
    peekFront(): { command: { reject(error: Error): void } } | undefined;
    toArray(): { command: { reject(error: Error): void } }[];
  };
}

/** Checks per timeout: a stalled command fails at most 1/32 of the timeout late (12 ms of 400). */
const CHECKS_PER_TIMEOUT = 32;

/**
 * Fails commands stuck behind a silent Redis (frozen, or a network that drops without a reset), as
 * ioredis' `commandTimeout` would, without a timer per command: setting and clearing one cost ~1.8 µs of
 * CPU per command (`bench/results/2026-12-03-read-ahead-compare.md`), and every request sends several.
 *
 * Unlike those timers, an event-loop stall is not taken for a silent Redis: a command is failed only once
 * the replies already waiting in the socket have been read.
 *
 * Redis answers each connection's commands in order, so its oldest unanswered command tells: when the
 * same command has headed a connection's queue for `timeoutMs`, that command and every one queued behind
 * it are rejected with "Command timed out" (ioredis' own message), and so is whatever queues behind them
 * in each further timeout. Their callers report the failure to
 * `RedisHealth`, which sends every Redis user to its fallback. A late reply then finds them settled and
 * is dropped, as with ioredis' timer.
 */
export class RedisStallWatchdog {
  private readonly heads = new WeakMap<QueuedCommands, { command: object; since: number }>();
  private timer: NodeJS.Timeout | undefined;

  public constructor(
    private readonly connections: () => readonly QueuedCommands[],
    private readonly timeoutMs: number,
  ) {}

  /** The connections of a client: itself, or every node of a cluster. */
  public static connectionsOf(client: RedisClient): () => readonly QueuedCommands[] {
    return isCluster(client) ? () => client.nodes('all') : () => [client];
  }

  public start(): void {
    const every = Math.max(5, Math.floor(this.timeoutMs / CHECKS_PER_TIMEOUT));
    this.timer = setInterval(() => this.check(performance.now()), every).unref();
  }

  public stop(): void {
    clearInterval(this.timer);
  }

  /** Public for tests: one pass over the connections at time `now` (ms). */
  public check(now: number): void {
    for (const connection of this.connections()) {
      const head = connection.commandQueue.peekFront()?.command;
      const seen = this.heads.get(connection);
      if (!head) {
        this.heads.delete(connection);
      } else if (seen?.command !== head) {
        this.heads.set(connection, { command: head, since: now });
      } else if (now - seen.since >= this.timeoutMs) {
        seen.since = now;
        // After the replies already read from the socket, if any: timers run before I/O in Node's loop,
        // so after an event-loop stall this check can run while the answer waits in the socket buffer.
        setImmediate(() => this.expire(connection, head));
      }
    }
  }

  private expire(connection: QueuedCommands, head: object): void {
    if (connection.commandQueue.peekFront()?.command !== head) return; // answered meanwhile
    const timedOut = new Error('Command timed out');
    // They stay queued until their replies arrive, if ever. Commands sent behind them (the health probe's
    // PING) are rejected a timeout later; rejecting a settled one again does nothing.
    for (const item of connection.commandQueue.toArray()) item.command.reject(timedOut);
  }
}
