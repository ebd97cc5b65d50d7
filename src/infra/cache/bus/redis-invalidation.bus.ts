import { Logger } from '@nestjs/common';
import { Cluster } from 'ioredis';

import type { RedisClient } from '#src/infra/redis/redis.connection.js';
import type { RedisHealth } from '#src/infra/redis/redis-health.js';

import { type BusHandlers, type BusMessage, type Invalidation, InvalidationBus } from './invalidation-bus.js';

/**
 * Redis pub/sub bus on `${REDIS_KEY_PREFIX}cache:invalidate`: published on the command connection,
 * received on RedisService's subscriber connection. After the subscriber reconnects, messages may have
 * been missed while it was away, so the L1 is dropped (`onGap`).
 *
 * On a Redis Cluster it is sharded pub/sub (SPUBLISH/SSUBSCRIBE, Redis 7): the channel lives on one shard,
 * instead of every message being broadcast over the cluster bus to every node.
 */
export class RedisInvalidationBus extends InvalidationBus {
  private readonly logger = new Logger(RedisInvalidationBus.name);
  private handlers: BusHandlers | undefined;
  private everReady = false;
  private readonly sharded: boolean;

  public constructor(
    private readonly client: RedisClient,
    private readonly subscriber: RedisClient,
    public readonly channel: string,
    private readonly health: RedisHealth | null,
  ) {
    super();
    this.sharded = subscriber instanceof Cluster;
  }

  public async start(handlers: BusHandlers): Promise<void> {
    this.handlers = handlers;
    this.subscriber.on(this.sharded ? 'smessage' : 'message', this.onMessage);
    this.subscriber.on('ready', this.onReady);
    if (this.subscriber.status === 'ready') await this.subscribe();
  }

  public async publish(invalidation: Invalidation): Promise<boolean> {
    if (this.health?.skipping) return false;
    try {
      const message = JSON.stringify(this.envelope(invalidation));
      if (this.sharded) await (this.client as Cluster).spublish(this.channel, message);
      else await this.client.publish(this.channel, message);
      return true;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'cache invalidation not published');
      return false;
    }
  }

  public async stop(): Promise<void> {
    this.subscriber.off(this.sharded ? 'smessage' : 'message', this.onMessage);
    this.subscriber.off('ready', this.onReady);
    try {
      if (this.subscriber.status !== 'ready') return;
      if (this.sharded) await (this.subscriber as Cluster).sunsubscribe(this.channel);
      else await this.subscriber.unsubscribe(this.channel);
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
      if (this.sharded) await (this.subscriber as Cluster).ssubscribe(this.channel);
      else await this.subscriber.subscribe(this.channel);
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
