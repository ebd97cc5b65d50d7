import { Module } from '@nestjs/common';

import { CorrectionModule } from '#src/correction/correction.module.js';
import { DictionaryModule } from '#src/dictionary/dictionary.module.js';

import { AdminFallbackController } from './admin-fallback.controller.js';
import { AdminAuditController } from './audit/admin-audit.controller.js';
import { AdminAuditHook } from './audit/admin-audit.hook.js';
import { AdminAuditRepository } from './audit/admin-audit.repository.js';
import { AdminCacheController } from './cache/admin-cache.controller.js';
import { CacheFlushService } from './cache/cache-flush.service.js';
import { CacheStatsService } from './cache/cache-stats.service.js';
import { CacheWarmerService } from './cache/cache-warmer.service.js';
import { RedisInfoReader } from './cache/redis-info.reader.js';
import { RedisKeyspaceReader } from './cache/redis-keyspace.reader.js';
import { DictionaryAdminController } from './dictionary/dictionary-admin.controller.js';

/**
 * Cache administration (`/admin/cache/*`), the dictionary refresh (`/admin/dictionary/:word`, through the
 * dictionary's `DictionaryRefreshService`), the audit trail (`/admin/audit`, and the hook that records every
 * admin request of the app, whichever module declares the route) and the admin catch-all that keeps
 * unknown admin paths behind the same guards. Everything is `@Roles('admin')`.
 */
@Module({
  imports: [DictionaryModule, CorrectionModule],
  // The catch-all last: Fastify prefers static and parametric routes anyway, this only keeps the log tidy.
  controllers: [
    AdminCacheController,
    DictionaryAdminController,
    AdminAuditController,
    AdminFallbackController,
  ],
  providers: [
    AdminAuditRepository,
    AdminAuditHook,
    CacheStatsService,
    CacheFlushService,
    CacheWarmerService,
    RedisKeyspaceReader,
    RedisInfoReader,
  ],
})
export class AdminModule {}
