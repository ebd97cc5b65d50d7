import { type KeyObject, randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { AppConfig } from '#src/config/app-config.js';

import type { UserRole } from '../auth-user.js';
import { ACCESS_TOKEN_ALGORITHM, accessTokenKey } from './access-token.claims.js';

export interface SignedAccessToken {
  accessToken: string;
  /** Seconds until it expires (AUTH_ACCESS_TOKEN_TTL). */
  expiresIn: number;
}

/** Mints access tokens: HS256 JWTs with `sub`, `role`, `sid`, `jti`, `iss`, `aud`, `iat`, `exp`. */
@Injectable()
export class AccessTokenService {
  private readonly key: KeyObject;

  public constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {
    this.key = accessTokenKey(config.auth.jwtSecret);
  }

  public async sign(subject: {
    userId: string;
    role: UserRole;
    sessionId: string;
  }): Promise<SignedAccessToken> {
    const { issuer, audience, accessTokenTtl } = this.config.auth;
    const accessToken = await this.jwt.signAsync(
      { role: subject.role, sid: subject.sessionId },
      {
        secret: this.key as unknown as string,
        algorithm: ACCESS_TOKEN_ALGORITHM,
        subject: subject.userId,
        issuer,
        audience,
        jwtid: randomUUID(),
        expiresIn: accessTokenTtl,
      },
    );
    return { accessToken, expiresIn: accessTokenTtl };
  }
}
