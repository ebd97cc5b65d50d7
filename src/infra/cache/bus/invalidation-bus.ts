import { randomUUID } from 'node:crypto';

/** What other instances must drop from their L1: keys of a namespace, a prefix, or (neither) everything. */
export interface Invalidation {
  ns?: string;
  keys?: string[];
  /** Prefix within `ns` ('' = the whole namespace); without `ns`, every namespace. */
  prefix?: string;
}

export interface BusMessage extends Invalidation {
  /** Sending instance: each instance ignores its own messages. */
  origin: string;
  /** Sent at (epoch ms), to measure the bus latency. */
  sentAt: number;
}

export interface BusHandlers {
  onInvalidation(message: Invalidation, latencyMs: number): void;
  /** Messages may have been lost (reconnect after an outage): drop what could be stale. */
  onGap(): void;
}

/**
 * Carries L1 invalidations between instances. Redis pub/sub in production; in-process when Redis is
 * not configured (embedded mode has a single instance, so there is nobody else to tell).
 */
export abstract class InvalidationBus {
  public readonly instanceId = randomUUID();

  public abstract start(handlers: BusHandlers): Promise<void>;

  /** Best effort: a lost message leaves another instance's L1 copy alive until its short TTL. */
  public abstract publish(invalidation: Invalidation): Promise<boolean>;

  public abstract stop(): Promise<void>;

  protected envelope(invalidation: Invalidation): BusMessage {
    return { ...invalidation, origin: this.instanceId, sentAt: Date.now() };
  }

  protected deliver(handlers: BusHandlers, message: BusMessage): void {
    if (message.origin === this.instanceId) return;
    const { origin: _origin, sentAt, ...invalidation } = message;
    handlers.onInvalidation(invalidation, Math.max(0, Date.now() - sentAt));
  }
}
