import { Logger } from '@nestjs/common';
import type { EventEmitter2 } from '@nestjs/event-emitter';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { CacheService } from '#src/infra/cache/cache.service.js';
import type { CacheLoaders, CacheLookup, NamespaceName } from '#src/infra/cache/cache.types.js';
import { PreconditionFailedError } from '#src/infra/http/errors.js';

import { SettingsEvents } from './settings.cache.js';
import { applyChange, DEFAULT_SETTINGS, type SettingsChange, type UserSettings } from './settings.model.js';
import type { SettingsRepository } from './settings.repository.js';
import { SettingsService } from './settings.service.js';

const USER = '6f1c2b0e-1d2a-4c55-9d7e-0a1b2c3d4e5f';

/** PostgreSQL in a Map, with the same single-statement semantics as the real repository. */
class FakeRepository implements Pick<
  SettingsRepository,
  'find' | 'upsert' | 'insertIfAbsent' | 'updateIfVersionIn'
> {
  public readonly rows = new Map<string, UserSettings>();
  public readonly calls: string[] = [];

  public async find(userId: string) {
    this.calls.push('find');
    return this.rows.get(userId) ?? null;
  }
  public async upsert(userId: string, change: SettingsChange) {
    this.calls.push('upsert');
    const current = this.rows.get(userId);
    return this.store(userId, applyChange(current ?? DEFAULT_SETTINGS, change), (current?.version ?? 0) + 1);
  }
  public async insertIfAbsent(userId: string, values: UserSettings | typeof DEFAULT_SETTINGS) {
    this.calls.push('insertIfAbsent');
    return this.rows.has(userId) ? null : this.store(userId, values, 1);
  }
  public async updateIfVersionIn(userId: string, change: SettingsChange, versions: number[]) {
    this.calls.push('updateIfVersionIn');
    const current = this.rows.get(userId);
    if (!current || !versions.includes(current.version)) return null;
    return this.store(userId, applyChange(current, change), current.version + 1);
  }
  private store(userId: string, values: typeof DEFAULT_SETTINGS, version: number): UserSettings {
    const row = { ...values, disabledRules: [...values.disabledRules], version };
    this.rows.set(userId, row);
    return row;
  }
}

/** Redis-like tier: getOrLoad runs the layers on a miss and keeps what they return. */
class FakeCache implements Pick<CacheService, 'getOrLoad' | 'delete'> {
  public readonly entries = new Map<string, unknown>();

  public async getOrLoad<T>(
    ns: NamespaceName,
    key: string,
    loaders: CacheLoaders<T>,
  ): Promise<CacheLookup<T>> {
    const id = `${ns}:${key}`;
    if (this.entries.has(id))
      return { found: true, value: this.entries.get(id) as T, source: 'redis', hit: true, stale: false };
    const value = await (typeof loaders === 'function' ? loaders() : loaders)[0].load();
    if (typeof value !== 'object' || value === null) return { found: false, source: 'postgres', hit: false };
    this.entries.set(id, value);
    return { found: true, value: value as T, source: 'postgres', hit: false, stale: false };
  }
  public async delete(ns: NamespaceName, key: string) {
    this.entries.delete(`${ns}:${key}`);
  }
}

describe('SettingsService', () => {
  let repository: FakeRepository;
  let cache: FakeCache;
  let emitAsync: ReturnType<typeof vi.fn>;
  let service: SettingsService;

  beforeEach(() => {
    repository = new FakeRepository();
    cache = new FakeCache();
    // What CacheInvalidationListener does with settings.updated.
    emitAsync = vi.fn(async (_event: string, { userId }: { userId: string }) => [
      await cache.delete('settings', userId),
    ]);
    service = new SettingsService(
      repository as unknown as SettingsRepository,
      cache as unknown as CacheService,
      { emitAsync } as unknown as EventEmitter2,
    );
  });

  it('gives a user who never saved the defaults at version 0, without writing them to PostgreSQL', async () => {
    expect(await service.getForUser(USER)).toEqual({ ...DEFAULT_SETTINGS, version: 0 });
    expect(repository.rows.size).toBe(0);
    expect(repository.calls).toEqual(['find']);
    // Second read is served by the cache.
    await service.getForUser(USER);
    expect(repository.calls).toEqual(['find']);
  });

  it('hands out copies, so a caller cannot change what the cache holds', async () => {
    const first = await service.getForUser(USER);
    first.disabledRules.push('mutated');
    first.theme = 'dark';
    expect(await service.getForUser(USER)).toEqual({ ...DEFAULT_SETTINGS, version: 0 });
  });

  it('writes unconditionally without a precondition, then invalidates and announces settings.updated', async () => {
    await service.getForUser(USER); // cached defaults
    const saved = await service.update(USER, { theme: 'dark' }, { kind: 'none' });
    expect(saved).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', version: 1 });
    expect(emitAsync).toHaveBeenCalledWith(SettingsEvents.updated, { userId: USER });
    expect(await service.getForUser(USER)).toEqual(saved);
  });

  it('announces only after PostgreSQL has the new version', async () => {
    emitAsync.mockImplementation(async () => {
      expect(repository.rows.get(USER)?.version).toBe(1);
      return [];
    });
    await service.replace(USER, { ...DEFAULT_SETTINGS, tone: 'formal' }, { kind: 'none' });
    expect(emitAsync).toHaveBeenCalledTimes(1);
  });

  it('treats If-Match on version 0 as "only if never saved"', async () => {
    const first = await service.update(USER, { tone: 'friendly' }, { kind: 'version-in', versions: [0] });
    expect(first).toMatchObject({ tone: 'friendly', version: 1 });
    await expect(
      service.update(USER, { tone: 'formal' }, { kind: 'version-in', versions: [0] }),
    ).rejects.toMatchObject({
      status: 412,
      extensions: { currentVersion: 1 },
    });
  });

  it('writes when If-Match names the current version and refuses a stale one with 412', async () => {
    await service.update(USER, { tone: 'friendly' }, { kind: 'none' });
    await service.update(USER, { tone: 'formal' }, { kind: 'none' });
    const saved = await service.update(USER, { theme: 'light' }, { kind: 'version-in', versions: [2] });
    expect(saved).toMatchObject({ tone: 'formal', theme: 'light', version: 3 });

    emitAsync.mockClear();
    const stale = service.replace(USER, { ...DEFAULT_SETTINGS }, { kind: 'version-in', versions: [2] });
    await expect(stale).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(stale).rejects.toMatchObject({ extensions: { currentVersion: 3 } });
    expect(repository.rows.get(USER)?.version).toBe(3);
    expect(emitAsync).not.toHaveBeenCalled();
  });

  it('refuses with 412 when If-Match named nothing of this user (no write attempted)', async () => {
    await expect(
      service.update(USER, { theme: 'dark' }, { kind: 'version-in', versions: [] }),
    ).rejects.toMatchObject({ status: 412 });
    expect(repository.calls).toEqual(['find']);
  });

  it('keeps a committed write successful when a listener fails', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    emitAsync.mockRejectedValue(new Error('bus down'));
    await expect(service.update(USER, { autoLookup: false }, { kind: 'none' })).resolves.toMatchObject({
      autoLookup: false,
      version: 1,
    });
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ err: 'bus down' }), expect.any(String));
    warn.mockRestore();
  });
});
