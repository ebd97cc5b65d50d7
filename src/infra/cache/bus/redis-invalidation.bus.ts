import { Logger } from '@nestjs/common';

import type { RedisClient } from '#src/infra/redis/redis.connection.js';

import type { CircuitBreaker } from '../breaker/circuit-breaker.js';
import { type BusHandlers, type BusMessage, type Invalidation, InvalidationBus } from './invalidation-bus.js';

/**
 * Redis pub/sub bus on `${REDIS_KEY_PREFIX}cache:invalidate`: published on the command connection,
 * received on RedisService's subscriber connection. After the subscriber reconnects, messages may have
 * been missed while it was away, so the L1 is dropped (`onGap`).
 */
export class RedisInvalidationBus extends InvalidationBus {
  private readonly logger = new Logger(RedisInvalidationBus.name);
  private handlers: BusHandlers | undefined;
  private everReady = false;

  public constructor(
    private readonly client: RedisClient,
    private readonly subscriber: RedisClient,
    public readonly channel: string,
    private readonly breaker: CircuitBreaker | null,
  ) {
    super();
  }

  public async start(handlers: BusHandlers): Promise<void> {
    this.handlers = handlers;
    this.subscriber.on('message', this.onMessage);
    this.subscriber.on('ready', this.onReady);
    if (this.subscriber.status === 'ready') await this.subscribe();
  }

  public async publish(invalidation: Invalidation): Promise<boolean> {
    if (this.breaker && !this.breaker.allowsRequest()) return false;
    try {
      await this.client.publish(this.channel, JSON.stringify(this.envelope(invalidation)));
      return true;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'cache invalidation not published');
      return false;
    }
  }

  public async stop(): Promise<void> {
    this.subscriber.off('message', this.onMessage);
    this.subscriber.off('ready', this.onReady);
    try {
      if (this.subscriber.status === 'ready') await this.subscriber.unsubscribe(this.channel);
    } catch {
      // shutting down anyway
    }
  }

  private readonly onReady = (): void => {
    if (this.everReady) this.handlers?.onGap();
    void this.subscribe();
  };

  private async subscribe(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.channel);
      this.everReady = true;
    } catch (err) {
      this.logger.warn(
        { err: (err as Error).message },
        'cache bus subscription failed; retried on reconnect',
      );
    }
  }

  private readonly onMessage = (channel: string, payload: string): void => {
    if (channel !== this.channel || !this.handlers) return;
    try {
      this.deliver(this.handlers, JSON.parse(payload) as BusMessage);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'malformed cache bus message ignored');
    }
  };
}
