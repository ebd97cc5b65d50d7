import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ExtractJwt, Strategy } from 'passport-jwt';

import { AppConfig } from '#src/config/app-config.js';

import type { AuthUser } from '../auth-user.js';
import { SessionCheckUnavailableError } from '../sessions/session-check-unavailable.error.js';
import { SessionLivenessService } from '../sessions/session-liveness.service.js';
import {
  ACCESS_TOKEN_ALGORITHM,
  type AccessTokenClaims,
  accessTokenClaimsSchema,
  accessTokenKey,
  CLOCK_TOLERANCE_SECONDS,
} from './access-token.claims.js';
import { VerifiedTokens } from './verified-tokens.js';

export const JWT_STRATEGY = 'jwt';

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * Verifies the bearer access token with the algorithm, issuer and audience pinned (so `alg: none`,
 * HS/RS confusion and tokens minted for another audience fail), then checks that its session is still
 * live — which is what makes logout take effect on the very next request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  private readonly verified = new VerifiedTokens();

  public constructor(
    config: AppConfig,
    private readonly liveness: SessionLivenessService,
  ) {
    super({
      jwtFromRequest: bearerToken,
      passReqToCallback: true,
      // passport-jwt hands this to jsonwebtoken, which takes a KeyObject as well as a string.
      secretOrKey: accessTokenKey(config.auth.jwtSecret) as unknown as string,
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: CLOCK_TOLERANCE_SECONDS },
    });
  }

  /**
   * The claims of the request's bearer token when passport-jwt verified that exact token before and it has
   * not expired since; undefined when passport must verify it (first use, or not a token at all).
   */
  public recallVerified(request: FastifyRequest): AccessTokenClaims | undefined {
    const token = bearerToken(request as never);
    return token ? this.verified.recall(token) : undefined;
  }

  /** Returning `false` makes passport answer 401; throwing (database down) becomes that error. */
  public async validate(request: FastifyRequest, payload: unknown): Promise<AuthUser | false> {
    const claims = accessTokenClaimsSchema.safeParse(payload);
    if (!claims.success) return false;
    this.verified.remember(bearerToken(request as never)!, claims.data);
    return this.userFor(claims.data);
  }

  /** The user of verified claims, if their session is still live. */
  public async userFor({ sub, sid, role }: AccessTokenClaims): Promise<AuthUser | false> {
    const session = await this.liveness.findLive(sid).catch((err: unknown) => {
      // A 401 here would make clients drop a perfectly good session during a database outage.
      throw new SessionCheckUnavailableError(err);
    });
    if (!session || session.userId !== sub) return false;
    // The role of the live record, not the token's: a promotion or demotion counts from the next request.
    // (`?? role`: a liveness record cached by the previous release has no role; it expires within minutes.)
    return { id: sub, role: session.role ?? role, sessionId: sid, email: session.email };
  }
}
