import 'reflect-metadata';

import { randomUUID } from 'node:crypto';

import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { AppConfig } from '#src/config/app-config.js';
import { CorrectionMetrics } from '#src/correction/correction.metrics.js';
import { LlmUsageRepository } from '#src/correction/usage/llm-usage.repository.js';
import { UsageBuffer } from '#src/correction/usage/usage-buffer.js';
import { UsageFlusher } from '#src/correction/usage/usage-flusher.js';
import { UsageRecorder } from '#src/correction/usage/usage-recorder.js';
import { PrismaService } from '#src/infra/database/prisma.service.js';
import { RedisService } from '#src/infra/redis/redis.service.js';
import { CircuitBreakerRegistry } from '#src/infra/resilience/circuit-breaker.registry.js';
import { Clock } from '#src/infra/time/clock.js';

import { deleteKeysWithPrefix, rawRedis, uniqueKeyPrefix } from '../../helpers/redis.js';
import { baseTestEnv } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

/** One "process": its own Redis connection, Prisma pool and usage classes, as CorrectionModule wires them. */
class UsageProcess {
  public readonly metrics = new CorrectionMetrics();
  public readonly repository: LlmUsageRepository;
  public readonly buffer: UsageBuffer;
  public readonly recorder: UsageRecorder;
  public readonly flusher: UsageFlusher;

  private constructor(
    public readonly redis: RedisService,
    private readonly prisma: PrismaService,
    config: AppConfig,
  ) {
    this.repository = new LlmUsageRepository(prisma);
    this.buffer = new UsageBuffer(redis);
    this.recorder = new UsageRecorder(config, this.buffer, this.repository, this.metrics, new Clock());
    this.flusher = new UsageFlusher(config, this.buffer, this.repository, this.metrics);
  }

  public static async start(
    databaseUrl: string,
    env: Record<string, string | undefined>,
  ): Promise<UsageProcess> {
    const config = AppConfig.fromEnv(baseTestEnv({ DATABASE_URL: databaseUrl, ...env }));
    const redis = new RedisService(config, new CircuitBreakerRegistry());
    await redis.waitUntilReady();
    return new UsageProcess(redis, new PrismaService(databaseUrl, 2), config);
  }

  public record(userId: string, tokens = 100): Promise<unknown> {
    return this.recorder.record(userId, 'gemini-2.5-flash', {
      promptTokens: tokens,
      completionTokens: 10,
      totalTokens: tokens + 10,
    });
  }

  /** A SIGKILL: connections dropped, no shutdown hook, nothing flushed. */
  public kill(): void {
    this.redis.client?.disconnect();
    this.redis.subscriber?.disconnect();
    void this.prisma.$disconnect();
  }

  public async stop(): Promise<void> {
    await this.flusher.beforeApplicationShutdown();
    await this.redis.onApplicationShutdown();
    await this.prisma.$disconnect();
  }
}

describe('usage accounting: write-behind through Redis into llm_usage', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  let prefix: string;
  let userId: string;
  const processes: UsageProcess[] = [];

  const start = async (env: Record<string, string | undefined> = {}) => {
    const p = await UsageProcess.start(db.url, { REDIS_KEY_PREFIX: prefix, ...env });
    processes.push(p);
    return p;
  };
  const rows = async () =>
    (await sql.query(`SELECT event_id, prompt_tokens FROM llm_usage WHERE user_id = $1`, [userId])).rows;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await Promise.allSettled(processes.map((p) => p.stop()));
    await sql?.end();
    await db?.drop();
  });
  beforeEach(async () => {
    prefix = uniqueKeyPrefix();
    userId = randomUUID();
    await sql.query(`INSERT INTO users (id, email, password_hash, updated_at) VALUES ($1, $2, 'x', now())`, [
      userId,
      `${userId}@example.test`,
    ]);
  });

  it('buffers in Redis and loses nothing when the process is killed between flushes: the next process writes it', async () => {
    const doomed = await start();
    for (let i = 0; i < 5; i++) await doomed.record(userId, 100 + i);
    expect(await doomed.buffer.depth()).toBe(5);
    expect(await rows()).toHaveLength(0);
    doomed.kill();
    processes.splice(processes.indexOf(doomed), 1);

    const next = await start();
    expect(await next.flusher.flush()).toBe(5);
    expect((await rows()).map((r) => r.prompt_tokens).sort()).toEqual([100, 101, 102, 103, 104]);
    expect(await next.buffer.depth()).toBe(0);
    await deleteKeysWithPrefix(prefix);
  });

  it('a crash after the INSERT but before the trim replays the batch without duplicating a row', async () => {
    const p = await start();
    for (let i = 0; i < 3; i++) await p.record(userId);
    const trim = p.buffer.trim.bind(p.buffer);
    p.buffer.trim = async () => {
      throw new Error('killed before trim');
    };
    await expect(p.flusher.flush()).rejects.toThrow('killed before trim');
    expect(await rows()).toHaveLength(3);
    expect(await p.buffer.depth()).toBe(3);

    p.buffer.trim = trim;
    expect(await p.flusher.flush()).toBe(0);
    expect(await rows()).toHaveLength(3);
    expect(await p.buffer.depth()).toBe(0);
    await deleteKeysWithPrefix(prefix);
  });

  it('two instances flushing while both keep recording store every event exactly once', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const producing = Promise.all(Array.from({ length: 300 }, (_, i) => (i % 2 ? a : b).record(userId, i)));
    const flushing = (async () => {
      for (let i = 0; i < 20; i++) await Promise.all([a.flusher.flush(), b.flusher.flush()]);
    })();
    await Promise.all([producing, flushing]);
    await a.flusher.flush();
    const stored = await rows();
    expect(stored).toHaveLength(300);
    expect(new Set(stored.map((r) => r.event_id)).size).toBe(300);
    expect(await a.buffer.depth()).toBe(0);
    expect(a.metrics.usageFlush.rows + b.metrics.usageFlush.rows).toBe(300);
    await deleteKeysWithPrefix(prefix);
  });

  it('flushes what is buffered on shutdown', async () => {
    const p = await start();
    await p.record(userId);
    await p.record(userId);
    await p.stop();
    processes.splice(processes.indexOf(p), 1);
    expect(await rows()).toHaveLength(2);
    await deleteKeysWithPrefix(prefix);
  });

  it('drops an unreadable buffered item instead of blocking every later event', async () => {
    const p = await start();
    await p.record(userId);
    const redis = rawRedis();
    await redis.rpush(`${prefix}{llm-usage}:buffer`, '{"not":"an event"}');
    redis.disconnect();
    await p.record(userId);
    expect(await p.flusher.flush()).toBe(2);
    expect(p.metrics.usageFlush.dropped).toBe(1);
    expect(await p.buffer.depth()).toBe(0);
    await deleteKeysWithPrefix(prefix);
  });

  it('skips events of a user deleted meanwhile rather than failing the batch', async () => {
    const p = await start();
    const gone = randomUUID();
    await p.record(gone);
    await p.record(userId);
    expect(await p.flusher.flush()).toBe(1);
    expect(await rows()).toHaveLength(1);
    await deleteKeysWithPrefix(prefix);
  });

  it('without Redis writes each event to PostgreSQL directly', async () => {
    const p = await start({ REDIS_URL: undefined });
    expect(p.buffer.enabled).toBe(false);
    await p.record(userId, 42);
    expect((await rows()).map((r) => r.prompt_tokens)).toEqual([42]);
    expect(await p.buffer.depth()).toBe(0);
  });

  it('exposes the buffer depth and token/cost counters for the metrics endpoint', async () => {
    const p = await start();
    await p.record(userId, 1_000_000);
    expect(await p.metrics.usageBufferDepth()).toBe(1);
    expect(p.metrics.gemini).toMatchObject({ calls: 1, promptTokens: 1_000_000, completionTokens: 10 });
    expect(p.metrics.gemini.costUsd).toBeCloseTo(0.3 + 0.000025, 6);
    await p.flusher.flush();
    expect(await p.metrics.usageBufferDepth()).toBe(0);
    await deleteKeysWithPrefix(prefix);
  });
});
