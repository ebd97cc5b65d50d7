import { CacheModule as NestCacheModule } from '@nestjs/cache-manager';
import { Global, Module } from '@nestjs/common';
import Keyv from 'keyv';

import { RedisService } from '#src/infra/redis/redis.service.js';

import { cacheProviders } from './cache.providers.js';
import { CacheService } from './cache.service.js';
import { CacheInvalidationListener } from './cache-invalidation.listener.js';
import { CacheNamespaces } from './cache-namespace.registry.js';
import { KeyvIoredisStore } from './keyv-ioredis.store.js';
import { CacheMetrics } from './metrics/cache-metrics.js';
import { CacheReadAheads } from './read-ahead.js';

/**
 * The layered cache (`CacheService`, `CacheMetrics`) plus @nestjs/cache-manager's `CACHE_MANAGER` for
 * plain cases (`CacheInterceptor`), the latter stored in Redis through the SAME ioredis connection
 * (Keyv adapter over ioredis; in-memory Keyv in embedded mode).
 */
@Global()
@Module({
  imports: [
    NestCacheModule.registerAsync({
      isGlobal: true,
      inject: [RedisService],
      useFactory: (redis: RedisService) => ({
        ttl: 60_000,
        stores: redis.client
          ? [
              new Keyv({
                store: new KeyvIoredisStore(redis.client, { keyPrefix: `${redis.keyPrefix}cm:` }),
                namespace: 'http',
              }),
            ]
          : undefined,
      }),
    }),
  ],
  providers: [...cacheProviders, CacheService, CacheInvalidationListener, CacheReadAheads],
  exports: [CacheService, CacheMetrics, CacheNamespaces, CacheReadAheads],
})
export class CacheModule {}
