import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';

import { provideCacheNamespaces } from '#src/infra/cache/cache-namespace.registry.js';
import { Clock } from '#src/infra/time/clock.js';

import { ApiKeyRepository } from './api-keys/api-key.repository.js';
import { ApiKeyService } from './api-keys/api-key.service.js';
import { API_KEYS_CACHE } from './api-keys/api-keys.cache.js';
import { ApiKeysController } from './api-keys/api-keys.controller.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { JwtAuthGuard } from './guards/jwt-auth.guard.js';
import { RolesGuard } from './guards/roles.guard.js';
import { AccessTokenService } from './jwt/access-token.service.js';
import { JwtStrategy } from './jwt/jwt.strategy.js';
import { DeviceCookies } from './login/device-cookie.js';
import { PasswordGuessLimits } from './login/password-guess-limits.js';
import { PasswordHasher } from './passwords/password-hasher.js';
import { RefreshCookie } from './refresh/refresh-cookie.js';
import { RefreshTokenCrypto } from './refresh/refresh-token.crypto.js';
import { RefreshTokenRepository } from './refresh/refresh-token.repository.js';
import { RefreshTokenService } from './refresh/refresh-token.service.js';
import { RevocationTombstones } from './sessions/revocation-tombstones.js';
import { SessionRepository } from './sessions/session.repository.js';
import { SessionService } from './sessions/session.service.js';
import { SessionSweeper } from './sessions/session.sweeper.js';
import { SessionLivenessService } from './sessions/session-liveness.service.js';
import { SessionRevoker } from './sessions/session-revoker.js';
import { SessionStarter } from './sessions/session-starter.js';
import { SESSIONS_CACHE, SessionsCacheInvalidation } from './sessions/sessions.cache.js';
import { SessionsController } from './sessions/sessions.controller.js';
import { UserRepository } from './users/user.repository.js';
import { USERS_CACHE, UsersCacheInvalidation } from './users/users.cache.js';
import { UsersController } from './users/users.controller.js';
import { UsersService } from './users/users.service.js';

/**
 * Sessions, tokens and profiles. Registers the two global guards, in this order: `JwtAuthGuard`
 * (authenticates; `@Public()` opts out) then `RolesGuard` (`@Roles('admin')`).
 */
@Module({
  // Secrets and claims are passed per call by AccessTokenService, from AppConfig.
  imports: [PassportModule, JwtModule.register({})],
  controllers: [AuthController, SessionsController, UsersController, ApiKeysController],
  providers: [
    provideCacheNamespaces(USERS_CACHE, SESSIONS_CACHE, API_KEYS_CACHE),
    UsersCacheInvalidation,
    SessionsCacheInvalidation,
    RefreshCookie,
    Clock,
    PasswordHasher,
    UserRepository,
    UsersService,
    SessionRepository,
    SessionLivenessService,
    RevocationTombstones,
    SessionRevoker,
    SessionStarter,
    SessionService,
    SessionSweeper,
    RefreshTokenCrypto,
    RefreshTokenRepository,
    RefreshTokenService,
    AccessTokenService,
    AuthService,
    ApiKeyRepository,
    ApiKeyService,
    DeviceCookies,
    PasswordGuessLimits,
    JwtStrategy,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
})
export class AuthModule {}
