import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

import { CacheEvents, type CacheFlushedEvent } from '#src/infra/cache/cache.events.js';
import { CacheService } from '#src/infra/cache/cache.service.js';
import type { NamespaceName } from '#src/infra/cache/cache.types.js';
import { CacheNamespaces } from '#src/infra/cache/cache-namespace.registry.js';
import { ConflictError, NotFoundError } from '#src/infra/http/errors.js';

import { type FlushResult, GUARDED_NAMESPACE } from './admin-cache.schemas.js';
import { CacheUnavailableError } from './cache-unavailable.error.js';
import { RedisKeyspaceReader } from './redis-keyspace.reader.js';

/**
 * Admin flushes. Only keys of the app's cache namespaces go — `CacheService.deleteByPrefix` is SCAN +
 * UNLINK under `REDIS_KEY_PREFIX<namespace>:`, never KEYS or FLUSHDB — so other applications' keys and the
 * app's own non-cache keys (rate limits, token budgets, the usage buffer) survive. Afterwards
 * `cache.flushed` is emitted so every instance drops its L1 copies.
 */
@Injectable()
export class CacheFlushService {
  public constructor(
    private readonly cache: CacheService,
    private readonly namespaces: CacheNamespaces,
    private readonly keyspace: RedisKeyspaceReader,
    private readonly events: EventEmitter2,
  ) {}

  /** Every namespace; `session` only when confirmed (otherwise reported as skipped). */
  public async flushAll(confirmSession: boolean): Promise<FlushResult> {
    await this.requireRedis();
    const names = this.namespaces.names().filter((ns) => confirmSession || ns !== GUARDED_NAMESPACE);
    const byNamespace: Record<string, number> = {};
    for (const ns of names) byNamespace[ns] = await this.cache.deleteByPrefix(ns);
    await this.announce({});
    const removed = Object.values(byNamespace).reduce((a, b) => a + b, 0);
    return {
      namespace: null,
      removed,
      byNamespace,
      ...(confirmSession ? {} : { skipped: [GUARDED_NAMESPACE] }),
    };
  }

  public async flushNamespace(namespace: string, confirmSession: boolean): Promise<FlushResult> {
    const ns = this.checked(namespace, confirmSession);
    await this.requireRedis();
    const removed = await this.cache.deleteByPrefix(ns);
    await this.announce({ namespace: ns });
    return { namespace: ns, removed };
  }

  /** One key, as stored after the namespace (e.g. `en:legion` in `dict`). No confirmation needed. */
  public async flushKey(namespace: string, key: string): Promise<FlushResult> {
    const ns = this.checked(namespace, true);
    await this.requireRedis();
    // CacheService.delete does not say whether anything was there; Redis does, just before.
    const existed = await this.keyspace.exists(ns, key).catch(() => false);
    await this.cache.delete(ns, key);
    await this.announce({ namespace: ns, key });
    return { namespace: ns, key, removed: existed ? 1 : 0 };
  }

  /**
   * The cache skips a failing Redis silently (reads and writes must not fail); a flush must not: reporting
   * "0 removed" while the keys are still there would mislead the operator.
   */
  private async requireRedis(): Promise<void> {
    if (!(await this.cache.isHealthy())) throw new CacheUnavailableError('nothing was flushed');
  }

  private checked(namespace: string, confirmSession: boolean): NamespaceName {
    if (!this.namespaces.has(namespace)) {
      throw new NotFoundError(`There is no cache namespace "${namespace}".`, {
        namespaces: this.namespaces.names(),
      });
    }
    if (namespace === GUARDED_NAMESPACE && !confirmSession) {
      throw new ConflictError(
        `Flushing "${GUARDED_NAMESPACE}" sends every authenticated request to PostgreSQL at once; repeat with ?confirm=${GUARDED_NAMESPACE} to do it anyway.`,
      );
    }
    return namespace as NamespaceName;
  }

  /** Waits for the listener, so the local L1 is clean and the bus message sent before the admin gets the answer. */
  private async announce(event: CacheFlushedEvent): Promise<void> {
    await this.events.emitAsync(CacheEvents.cacheFlushed, event);
  }
}
