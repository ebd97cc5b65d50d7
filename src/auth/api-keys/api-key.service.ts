import { createHash, randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { CacheService } from '#src/infra/cache/cache.service.js';
import { NOT_FOUND } from '#src/infra/cache/cache.types.js';
import { ConflictError, NotFoundError } from '#src/infra/http/errors.js';
import { Clock } from '#src/infra/time/clock.js';

import { normalizeEmail } from '../users/email.js';
import { type ApiKeyOwner, ApiKeyRepository, type ApiKeySummary } from './api-key.repository.js';
import { apiKeyCacheKey } from './api-keys.cache.js';

/** Recognisable in logs, config files and secret scanners. */
export const API_KEY_PREFIX = 'pp_live_';
export const MAX_API_KEYS = 20;
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 4;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CreatedApiKey {
  id: string;
  name: string;
  /** The key itself: shown this once, stored only as a hash. */
  key: string;
  createdAt: Date;
}

/**
 * Keys for tools that cannot hold a session (LanguageTool clients send `username` + `apiKey`): 192 random
 * bits behind a recognisable prefix, stored as SHA-256 (a key has too much entropy to need a slow hash).
 * Verification is cached like session liveness (`apikey` namespace, Redis only, 5 min) and revocation
 * deletes the cached entry before it answers, so a revoked key fails on the next request everywhere.
 * A password change does not revoke keys: they are separate credentials that the owner lists and revokes.
 */
@Injectable()
export class ApiKeyService {
  public constructor(
    private readonly keys: ApiKeyRepository,
    private readonly cache: CacheService,
    private readonly clock: Clock,
  ) {}

  public async create(userId: string, name: string): Promise<CreatedApiKey> {
    const key = API_KEY_PREFIX + randomBytes(24).toString('base64url');
    const row = await this.keys.createUnderLimit(
      { userId, name, prefix: key.slice(0, SHOWN_PREFIX_LENGTH), keyHash: hashKey(key) },
      MAX_API_KEYS,
    );
    if (!row) throw new ConflictError(`You have ${MAX_API_KEYS} API keys already; revoke one first.`);
    return { id: row.id, name: row.name, key, createdAt: row.createdAt };
  }

  public list(userId: string): Promise<ApiKeySummary[]> {
    return this.keys.listLive(userId);
  }

  public async revoke(userId: string, id: string): Promise<void> {
    const keyHash = UUID.test(id) ? await this.keys.revoke(userId, id, this.clock.now()) : undefined;
    if (!keyHash) throw new NotFoundError('You have no such API key.');
    await this.cache.delete('apikey', apiKeyCacheKey(keyHash));
  }

  /** The owner when `key` is a live key of the account `email`; undefined otherwise (same for every failure). */
  public async verify(email: string, key: string): Promise<ApiKeyOwner | undefined> {
    if (!key.startsWith(API_KEY_PREFIX) || key.length > 100) return undefined;
    const keyHash = hashKey(key);
    const lookup = await this.cache.getOrLoad<ApiKeyOwner>('apikey', apiKeyCacheKey(keyHash), () => [
      {
        name: 'postgres',
        kind: 'store',
        // Also records the use: `lastUsedAt` is therefore exact to within the cache's 5 minutes.
        load: async () => (await this.keys.useLive(keyHash, this.clock.now())) ?? NOT_FOUND,
      },
    ]);
    if (!lookup.found || lookup.value.email !== normalizeEmail(email)) return undefined;
    return lookup.value;
  }
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
