import { Injectable } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import { Clock } from '#src/infra/time/clock.js';

import type { TokenPair } from '../auth.types.js';
import { AccessTokenService } from '../jwt/access-token.service.js';
import { RefreshTokenCrypto } from '../refresh/refresh-token.crypto.js';
import type { UserProfile } from '../users/user-profile.js';
import { SessionRepository } from './session.repository.js';
import type { ClientInfo } from './session.types.js';

/** Opens a session (one per login): its row, its first refresh token, and an access token for it. */
@Injectable()
export class SessionStarter {
  public constructor(
    private readonly sessions: SessionRepository,
    private readonly refreshCrypto: RefreshTokenCrypto,
    private readonly accessTokens: AccessTokenService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  public async start(user: UserProfile, client: ClientInfo): Promise<TokenPair> {
    const now = this.clock.now();
    const refreshToken = this.refreshCrypto.generate();
    const sessionId = await this.sessions.create({
      userId: user.id,
      client,
      now,
      // Absolute lifetime: rotation never extends it.
      expiresAt: new Date(now.getTime() + this.config.auth.refreshTokenTtl * 1000),
      firstTokenHash: this.refreshCrypto.hash(refreshToken),
    });
    const access = await this.accessTokens.sign({ userId: user.id, role: user.role, sessionId });
    return { ...access, refreshToken };
  }
}
