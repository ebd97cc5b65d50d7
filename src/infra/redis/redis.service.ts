import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ReplyError } from 'ioredis';

import { AppConfig } from '#src/config/app-config.js';
import { CircuitBreakerRegistry } from '#src/infra/resilience/circuit-breaker.registry.js';

import {
  COMMANDS_CONNECTION,
  createRedisClient,
  type RedisClient,
  waitForReady,
} from './redis.connection.js';
import { REDIS_PROBE_MS, RedisHealth } from './redis-health.js';
import { RedisStallWatchdog } from './redis-stall-watchdog.js';
import { batchWritesPerTurn } from './write-batching.js';

/**
 * Owns the app's ioredis connections: `client` for commands and `subscriber` for pub/sub
 * (a subscribed connection cannot run other commands). Both are null in embedded mode (no REDIS_URL).
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  public readonly client: RedisClient | null;
  public readonly subscriber: RedisClient | null;
  /** The one health signal every Redis user consults and reports to (null in embedded mode). */
  public readonly health: RedisHealth | null;
  /** Prefix of every key this app writes; lets flushes and tests leave other applications' keys alone. */
  public readonly keyPrefix: string;
  /** Fails the commands connection's commands that Redis leaves unanswered past REDIS_COMMAND_TIMEOUT_MS. */
  private readonly watchdog: RedisStallWatchdog | null = null;

  public constructor(config: AppConfig, breakers: CircuitBreakerRegistry) {
    this.keyPrefix = config.redis.keyPrefix;
    if (config.embeddedRedis) {
      this.client = null;
      this.subscriber = null;
      this.health = null;
      return;
    }
    this.client = createRedisClient(config, COMMANDS_CONNECTION);
    const client = this.client;
    batchWritesPerTurn(client);
    this.watchdog = new RedisStallWatchdog(
      RedisStallWatchdog.connectionsOf(client),
      config.redis.commandTimeoutMs,
    );
    this.watchdog.start();
    this.health = new RedisHealth(
      client,
      breakers.create({
        name: 'redis',
        kind: 'datastore',
        failureThreshold: 1,
        openMs: REDIS_PROBE_MS,
        probe: () => client.ping(),
      }),
    );
    this.subscriber = createRedisClient(config, 'subscriber');
    for (const [name, c] of [
      ['commands', this.client],
      ['subscriber', this.subscriber],
    ] as const) {
      // Without a listener ioredis logs unhandled errors; the tiers and /health/ready report the state.
      c.on('error', (err: Error) =>
        this.logger.warn({ connection: name, err: err.message }, 'redis connection error'),
      );
    }
  }

  public get enabled(): boolean {
    return this.client !== null;
  }

  /** Awaited during start-up; a Redis that is down at boot does not stop the service (the tiers degrade). */
  public async waitUntilReady(timeoutMs = 3_000): Promise<boolean> {
    if (!this.client || !this.subscriber) return false;
    try {
      await Promise.all([waitForReady(this.client, timeoutMs), waitForReady(this.subscriber, timeoutMs)]);
      return true;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'redis not ready at start-up; continuing degraded');
      return false;
    }
  }

  /**
   * The one way a Redis user with a fallback calls Redis: `call` runs unless Redis is being skipped, its
   * outcome is reported to the shared health signal, and when Redis is skipped or fails `fallback`
   * answers instead (given the failure, if any). A reply error (WRONGTYPE…) is an answer, not an outage.
   */
  public async orFallback<T>(
    call: (client: RedisClient) => Promise<T>,
    fallback: (err?: unknown) => T | Promise<T>,
  ): Promise<T> {
    const client = this.client;
    if (!client || this.health?.skipping) return fallback();
    try {
      const value = await call(client);
      this.health?.succeeded();
      return value;
    } catch (err) {
      if (!(err instanceof ReplyError)) this.health?.failed();
      return fallback(err);
    }
  }

  public async ping(): Promise<number> {
    if (!this.client) throw new Error('Redis is not configured');
    const started = performance.now();
    await this.client.ping();
    return performance.now() - started;
  }

  public async onApplicationShutdown(): Promise<void> {
    // The watchdog runs until QUIT is answered or failed: a frozen Redis must not hold up the shutdown.
    await Promise.allSettled([this.client?.quit(), this.subscriber?.quit()]);
    this.watchdog?.stop();
  }
}
