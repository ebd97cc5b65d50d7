import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';

import { Clock } from './clock.js';
import { JwtAuthGuard } from './guards/jwt-auth.guard.js';
import { RolesGuard } from './guards/roles.guard.js';
import { JwtStrategy } from './jwt/jwt.strategy.js';
import { SessionLivenessService } from './sessions/session-liveness.service.js';
import { SessionRepository } from './sessions/session.repository.js';

/**
 * Sessions, tokens and profiles. Registers the two global guards, in this order: `JwtAuthGuard`
 * (authenticates; `@Public()` opts out) then `RolesGuard` (`@Roles('admin')`).
 */
@Module({
  imports: [PassportModule],
  providers: [
    Clock,
    SessionRepository,
    SessionLivenessService,
    JwtStrategy,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
})
export class AuthModule {}
