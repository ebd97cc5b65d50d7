import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

import { CacheService } from '#src/infra/cache/cache.service.js';
import { NOT_FOUND } from '#src/infra/cache/cache.types.js';
import { NotFoundError, ValidationError } from '#src/infra/http/errors.js';

import type { AuthUser } from '../auth-user.js';
import { PasswordGuessLimits } from '../login/password-guess-limits.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { SessionRevoker } from '../sessions/session-revoker.js';
import type { UpdateMeBody } from './dto/users.schemas.js';
import { UserRepository } from './user.repository.js';
import type { UserProfile } from './user-profile.js';
import { userCacheKey, UserEvents, type UserUpdatedEvent } from './users.cache.js';

/** The caller's profile: read through the `user:` cache, changed in PostgreSQL then invalidated. */
@Injectable()
export class UsersService {
  public constructor(
    private readonly users: UserRepository,
    private readonly cache: CacheService,
    private readonly hasher: PasswordHasher,
    private readonly revoker: SessionRevoker,
    private readonly events: EventEmitter2,
    private readonly guessLimits: PasswordGuessLimits,
  ) {}

  public async getProfile(userId: string): Promise<UserProfile> {
    const lookup = await this.cache.getOrLoad<UserProfile>('user', userCacheKey(userId), () => [
      {
        name: 'postgres',
        kind: 'store',
        load: async () => (await this.users.findProfile(userId)) ?? NOT_FOUND,
      },
    ]);
    if (!lookup.found) throw new NotFoundError('No such user.');
    return lookup.value;
  }

  /** Changing the password ends every other session of the user (the current one stays logged in). */
  public async update(user: AuthUser, body: UpdateMeBody): Promise<UserProfile> {
    const changes: { displayName?: string | null; passwordHash?: string } = {};
    if (body.displayName !== undefined) changes.displayName = body.displayName;
    let checkedHash: string | undefined;
    if (body.currentPassword !== undefined && body.newPassword !== undefined) {
      checkedHash = await this.checkCurrentPassword(user.id, body.currentPassword);
      changes.passwordHash = await this.hasher.hash(body.newPassword);
    }
    // Written only if the password is still the one just checked: of two changes sent at once, the one
    // that lost would otherwise be told its new password was set.
    const profile = await this.users.update(user.id, changes, checkedHash);
    if (!profile) {
      if (checkedHash === undefined) throw new NotFoundError('No such user.');
      throw new ValidationError([{ field: 'currentPassword', message: 'is not the current password' }]);
    }
    await this.announceUpdate(user.id);
    if (changes.passwordHash) await this.revoker.revokeAll(user.id, 'password-changed', user.sessionId);
    return profile;
  }

  /**
   * Under the same failure limits as login: a stolen access token must not be a password oracle. Returns
   * the stored hash that matched.
   */
  private async checkCurrentPassword(userId: string, currentPassword: string): Promise<string> {
    await this.guessLimits.assertPasswordCheckMayTry(userId);
    const account = await this.users.findCredentialsById(userId);
    if (!account || !(await this.hasher.verify(account.passwordHash, currentPassword))) {
      await this.guessLimits.recordPasswordCheckFailure(userId);
      throw new ValidationError([{ field: 'currentPassword', message: 'is not the current password' }]);
    }
    return account.passwordHash;
  }

  /** `user.updated`: `UsersCacheInvalidation` deletes the `user:` key on every instance; awaited. */
  private async announceUpdate(userId: string): Promise<void> {
    const event: UserUpdatedEvent = { userId };
    await this.events.emitAsync(UserEvents.updated, event);
  }
}
