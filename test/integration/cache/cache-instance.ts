import 'reflect-metadata';

import { ConsoleLogger, Module, type Provider, type Type } from '@nestjs/common';
import { EventEmitter2, EventEmitterModule } from '@nestjs/event-emitter';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Redis } from 'ioredis';

import { AppConfig } from '#src/config/app-config.js';
import { ConfigModule } from '#src/config/config.module.js';
import { CacheModule } from '#src/infra/cache/cache.module.js';
import { CacheService } from '#src/infra/cache/cache.service.js';
import { CacheTuning } from '#src/infra/cache/cache.tuning.js';
import type { NamespaceName, NamespaceOptions } from '#src/infra/cache/cache.types.js';
import { CacheNamespaces } from '#src/infra/cache/cache-namespace.registry.js';
import { CacheMetrics } from '#src/infra/cache/metrics/cache-metrics.js';
import { DatabaseModule } from '#src/infra/database/database.module.js';
import { DatabaseUrl } from '#src/infra/database/database-url.js';
import { RedisModule } from '#src/infra/redis/redis.module.js';
import { RedisService } from '#src/infra/redis/redis.service.js';
import { ResilienceModule } from '#src/infra/resilience/resilience.module.js';

import { featureNamespaces } from '../../helpers/cache-namespaces.js';
import { channelSubscribers } from '../../helpers/redis.js';
import { baseTestEnv, type Env } from '../../helpers/test-app.js';

export interface CacheInstanceOptions {
  databaseUrl: string;
  keyPrefix: string;
  /** undefined = embedded mode (no Redis). */
  redisUrl: string | undefined;
  tuning?: Partial<CacheTuning>;
  namespaces?: Partial<Record<NamespaceName, Partial<NamespaceOptions>>>;
  env?: Env;
  /** Extra providers (e.g. the features' invalidation listeners). */
  providers?: Provider[];
  /** Controllers to mount; the instance then listens on a random loopback port (`url`). */
  controllers?: Type[];
}

/** One "instance" of the app's cache: the real CacheModule wired by Nest over its own connections. */
export interface CacheInstance {
  cache: CacheService;
  metrics: CacheMetrics;
  redis: RedisService;
  events: EventEmitter2;
  module: TestingModule;
  /** Set when controllers were given. */
  url?: string;
  close(): Promise<void>;
}

@Module({})
class TestDatabaseUrlModule {}

export async function startCacheInstance(options: CacheInstanceOptions): Promise<CacheInstance> {
  const config = AppConfig.fromEnv(
    baseTestEnv({
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      REDIS_KEY_PREFIX: options.keyPrefix,
      DATABASE_POOL_SIZE: '4',
      ...options.env,
    }),
  );
  const module = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      {
        module: TestDatabaseUrlModule,
        global: true,
        providers: [{ provide: DatabaseUrl, useValue: new DatabaseUrl(options.databaseUrl, 4) }],
        exports: [DatabaseUrl],
      },
      EventEmitterModule.forRoot({ wildcard: false, ignoreErrors: false }),
      ResilienceModule,
      DatabaseModule,
      RedisModule,
      CacheModule,
    ],
    controllers: options.controllers ?? [],
    providers: options.providers ?? [],
  })
    // Nest's TestingLogger prints errors only; CACHE_TEST_LOGS=1 shows the cache's warnings too.
    .setLogger(
      process.env.CACHE_TEST_LOGS ? new ConsoleLogger() : new ConsoleLogger({ logLevels: ['error'] }),
    )
    .overrideProvider(CacheTuning)
    .useValue(CacheTuning.with({ ...options.tuning }))
    .overrideProvider(CacheNamespaces)
    .useValue(featureNamespaces(options.namespaces))
    .compile();
  const redis = module.get(RedisService);
  // The app starts degraded when Redis is slow to answer; a test about Redis must not (a loaded CI box
  // can take seconds to connect).
  if (options.redisUrl && !(await redis.waitUntilReady(15_000)))
    throw new Error('Redis not ready after 15 s');
  let app: NestFastifyApplication | undefined;
  let url: string | undefined;
  if (options.controllers?.length) {
    app = module.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  } else {
    await module.init();
  }
  return {
    cache: module.get(CacheService),
    metrics: module.get(CacheMetrics),
    redis,
    events: module.get(EventEmitter2),
    module,
    url,
    close: () => (app ? app.close() : module.close()),
  };
}

/** Redis' circuit state as the instance sees it ('disabled' without Redis). */
export function breakerOf(instance: CacheInstance): string {
  return instance.redis.health?.state ?? 'disabled';
}

/** Resolves once `count` connections listen on the cache bus channel (subscriptions are asynchronous). */
export async function waitForBusSubscribers(raw: Redis, keyPrefix: string, count: number): Promise<void> {
  const channel = `${keyPrefix}cache:invalidate`;
  for (let i = 0; i < 200; i++) {
    if ((await channelSubscribers(raw, channel)) >= count) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`bus ${channel} never reached ${count} subscribers`);
}
