import { describe, expect, it, vi } from 'vitest';

import { type QueuedCommands, RedisStallWatchdog } from './redis-stall-watchdog.js';

type Reject = ReturnType<typeof vi.fn<(error: Error) => void>>;

/** A connection as the watchdog sees it: ioredis' queue of sent, unanswered commands, oldest first. */
function connection() {
  const queue: { command: { reject: Reject } }[] = [];
  const conn: QueuedCommands = {
    commandQueue: { peekFront: () => queue[0], toArray: () => [...queue] },
  };
  const send = () => {
    const item = { command: { reject: vi.fn<(error: Error) => void>() } };
    queue.push(item);
    return item.command;
  };
  const answer = () => queue.shift();
  return { conn, send, answer };
}

/** The watchdog fails commands after the I/O phase of the loop turn that found them stalled. */
const afterIo = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('RedisStallWatchdog', () => {
  const TIMEOUT = 400;

  it('rejects the oldest command and everything behind it once it has waited a whole timeout', async () => {
    const { conn, send } = connection();
    const watchdog = new RedisStallWatchdog(() => [conn], TIMEOUT);
    const first = send();
    const second = send();
    watchdog.check(0);
    watchdog.check(TIMEOUT - 1);
    expect(first.reject).not.toHaveBeenCalled();
    watchdog.check(TIMEOUT);
    await afterIo();
    expect(first.reject).toHaveBeenCalledWith(new Error('Command timed out'));
    expect(second.reject).toHaveBeenCalledTimes(1);
  });

  it('leaves a connection alone while Redis keeps answering, however long the queue stays busy', () => {
    const { conn, send, answer } = connection();
    const watchdog = new RedisStallWatchdog(() => [conn], TIMEOUT);
    const sent = [send(), send(), send()];
    for (let t = 0; t <= 3 * TIMEOUT; t += TIMEOUT / 2) {
      watchdog.check(t);
      answer();
      sent.push(send());
    }
    for (const command of sent) expect(command.reject).not.toHaveBeenCalled();
  });

  it('fails a command sent behind a stalled one within a further timeout (the health probe’s PING)', async () => {
    const { conn, send } = connection();
    const watchdog = new RedisStallWatchdog(() => [conn], TIMEOUT);
    send();
    watchdog.check(0);
    watchdog.check(TIMEOUT);
    await afterIo();
    const probe = send();
    watchdog.check(TIMEOUT + 100);
    await afterIo();
    expect(probe.reject).not.toHaveBeenCalled();
    watchdog.check(2 * TIMEOUT);
    await afterIo();
    expect(probe.reject).toHaveBeenCalledTimes(1);
  });

  it('does not take an event-loop stall for a silent Redis: a reply waiting in the socket is read first', async () => {
    const { conn, send, answer } = connection();
    const watchdog = new RedisStallWatchdog(() => [conn], TIMEOUT);
    const command = send();
    watchdog.check(0);
    watchdog.check(TIMEOUT + 200); // the loop was blocked; the reply arrived meanwhile…
    answer(); // …and is read in this turn's I/O phase
    await afterIo();
    expect(command.reject).not.toHaveBeenCalled();
  });

  it('watches every node of a cluster on its own', async () => {
    const frozen = connection();
    const healthy = connection();
    const watchdog = new RedisStallWatchdog(() => [frozen.conn, healthy.conn], TIMEOUT);
    const stuck = frozen.send();
    const fine = healthy.send();
    watchdog.check(0);
    healthy.answer();
    const next = healthy.send();
    watchdog.check(TIMEOUT);
    await afterIo();
    expect(stuck.reject).toHaveBeenCalledTimes(1);
    expect(fine.reject).not.toHaveBeenCalled();
    expect(next.reject).not.toHaveBeenCalled();
  });
});
