import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

import { CacheService } from '#src/infra/cache/cache.service.js';
import type { CacheLoader, CacheReadAhead } from '#src/infra/cache/cache.types.js';
import { PreconditionFailedError } from '#src/infra/http/errors.js';

import { settingsCacheKey, SettingsEvents, type SettingsUpdatedEvent } from './settings.cache.js';
import {
  applyChange,
  DEFAULT_SETTINGS,
  defaultSettings,
  type SettingsChange,
  type SettingsValues,
  UNSAVED_VERSION,
  type UserSettings,
} from './settings.model.js';
import { SettingsRepository } from './settings.repository.js';
import type { WritePrecondition } from './settings-etag.js';

/**
 * A user's editor settings. Reads go through the `settings` cache namespace (L1 + Redis, PostgreSQL
 * below); writes go to PostgreSQL first and then announce `settings.updated`, whose listener drops the
 * Redis copy and every instance's L1 copy, so the next read anywhere sees the write.
 */
@Injectable()
export class SettingsService {
  private readonly logger = new Logger(SettingsService.name);

  public constructor(
    private readonly repository: SettingsRepository,
    private readonly cache: CacheService,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * The user's settings; the defaults (version 0) until the first save. Used by the correction module.
   * `readAhead`: their Redis read, if the route already started it.
   */
  public async getForUser(userId: string, readAhead?: CacheReadAhead): Promise<UserSettings> {
    const lookup = await this.cache.getOrLoad<UserSettings>(
      'settings',
      settingsCacheKey(userId),
      () => [this.postgresLayer(userId)],
      { readAhead },
    );
    // A copy: with L1 the cached object is shared by every request of this instance.
    return lookup.found
      ? { ...lookup.value, disabledRules: [...lookup.value.disabledRules] }
      : defaultSettings();
  }

  /** PUT: every field replaced. 412 when `precondition` names a version that is no longer current. */
  public replace(
    userId: string,
    values: SettingsValues,
    precondition: WritePrecondition,
  ): Promise<UserSettings> {
    return this.write(userId, { kind: 'replace', values }, precondition);
  }

  /** PATCH: the given fields replaced, the others kept. */
  public update(
    userId: string,
    fields: Partial<SettingsValues>,
    precondition: WritePrecondition,
  ): Promise<UserSettings> {
    return this.write(userId, { kind: 'merge', fields }, precondition);
  }

  /**
   * The loader below Redis. A user who never saved reads as the defaults with version 0: cached like any
   * other value but NOT written to PostgreSQL — a row per user who merely opened the editor would buy
   * nothing, and the first save still starts at version 1.
   */
  private postgresLayer(userId: string): CacheLoader<UserSettings> {
    return {
      name: 'postgres',
      kind: 'store',
      load: async () => (await this.repository.find(userId)) ?? defaultSettings(),
    };
  }

  private async write(
    userId: string,
    change: SettingsChange,
    precondition: WritePrecondition,
  ): Promise<UserSettings> {
    const saved =
      precondition.kind === 'none'
        ? await this.repository.upsert(userId, change)
        : await this.writeIfVersionIn(userId, change, precondition.versions);
    if (!saved) throw await this.staleVersion(userId);
    await this.announceUpdate(userId);
    return saved;
  }

  /** Version 0 means "never saved": that write is an insert that loses if a row appeared meanwhile. */
  private async writeIfVersionIn(
    userId: string,
    change: SettingsChange,
    versions: number[],
  ): Promise<UserSettings | null> {
    if (versions.includes(UNSAVED_VERSION)) {
      const created = await this.repository.insertIfAbsent(userId, applyChange(DEFAULT_SETTINGS, change));
      if (created) return created;
    }
    const saved = versions.filter((v) => v !== UNSAVED_VERSION);
    return saved.length > 0 ? this.repository.updateIfVersionIn(userId, change, saved) : null;
  }

  private async staleVersion(userId: string): Promise<PreconditionFailedError> {
    // Read PostgreSQL, not the cache: the point is to tell the client what it has to reload.
    const current = (await this.repository.find(userId))?.version ?? UNSAVED_VERSION;
    return new PreconditionFailedError(
      'The settings changed since you read them (If-Match does not name the current version). Reload and retry.',
      { currentVersion: current },
    );
  }

  /**
   * `CacheInvalidationListener` turns the event into a deletion from Redis and from every instance's L1.
   * The write is committed by now: a failure to invalidate must not turn it into an error response, so
   * it is logged instead (the stale copy then lives until its TTL).
   */
  private async announceUpdate(userId: string): Promise<void> {
    const event: SettingsUpdatedEvent = { userId };
    try {
      // emitAsync waits for the listener: the Redis copy is gone and the bus message sent before we answer.
      await this.events.emitAsync(SettingsEvents.updated, event);
    } catch (err) {
      this.logger.warn(
        { userId, err: (err as Error).message },
        'settings.updated listener failed; cached copies may be stale',
      );
    }
  }
}
