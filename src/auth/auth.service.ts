import { Injectable } from '@nestjs/common';

import { ConflictError, UnauthorizedError } from '#src/infra/http/errors.js';

import type { AuthResult, TokenPair } from './auth.types.js';
import type { LoginBody, RegisterBody } from './dto/auth.schemas.js';
import { AccessTokenService } from './jwt/access-token.service.js';
import { DeviceCookies } from './login/device-cookie.js';
import { PasswordGuessLimits } from './login/password-guess-limits.js';
import { PasswordHasher } from './passwords/password-hasher.js';
import { RefreshTokenService } from './refresh/refresh-token.service.js';
import type { ClientInfo } from './sessions/session.types.js';
import { SessionRevoker } from './sessions/session-revoker.js';
import { SessionStarter } from './sessions/session-starter.js';
import { EmailTakenError, UserRepository } from './users/user.repository.js';

/** One message for every failed login, so it never tells whether the email has an account. */
const BAD_CREDENTIALS = 'Invalid email or password.';
/** One message for unknown, expired, revoked and reused refresh tokens alike. */
const BAD_REFRESH_TOKEN = 'The refresh token is invalid or has expired; log in again.';

@Injectable()
export class AuthService {
  public constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly starter: SessionStarter,
    private readonly refreshTokens: RefreshTokenService,
    private readonly accessTokens: AccessTokenService,
    private readonly revoker: SessionRevoker,
    private readonly guessLimits: PasswordGuessLimits,
    private readonly devices: DeviceCookies,
  ) {}

  public async register(body: RegisterBody, client: ClientInfo): Promise<AuthResult> {
    // Hash first: a taken email then costs the same time as a free one.
    const passwordHash = await this.hasher.hash(body.password);
    try {
      const user = await this.users.create({
        email: body.email,
        passwordHash,
        displayName: body.displayName ?? null,
      });
      return { user, ...(await this.starter.start(user, client)) };
    } catch (err) {
      if (err instanceof EmailTakenError) throw new ConflictError('This email cannot be registered.');
      throw err;
    }
  }

  /**
   * `deviceCookie`: the browser's device cookie, if any. A successful login returns a fresh one
   * (`deviceCookie` in the result) for the controller to set; see `PasswordGuessLimits` for why.
   */
  public async login(
    body: LoginBody,
    client: ClientInfo,
    deviceCookie?: string,
  ): Promise<AuthResult & { deviceCookie: string }> {
    const attempt = {
      email: body.email,
      ip: client.ip,
      device: this.devices.verify(deviceCookie, body.email),
    };
    await this.guessLimits.assertLoginMayTry(attempt);
    const account = await this.users.findCredentialsByEmail(body.email);
    const valid = account
      ? await this.hasher.verify(account.passwordHash, body.password)
      : await this.hasher.verifyNobody(body.password);
    if (!account || !valid) {
      // Unknown e-mails count too: otherwise the 429 would tell which addresses have accounts.
      await this.guessLimits.recordLoginFailure(attempt);
      throw new UnauthorizedError(BAD_CREDENTIALS);
    }
    const session = await this.starter.start(account.profile, client);
    return { user: account.profile, ...session, deviceCookie: this.devices.issue(body.email) };
  }

  public async refresh(refreshToken: string): Promise<TokenPair> {
    const outcome = await this.refreshTokens.refresh(refreshToken);
    if (outcome.kind === 'reused') await this.revoker.announce(outcome.session.userId, [outcome.session.id]);
    if (outcome.kind !== 'rotated') throw new UnauthorizedError(BAD_REFRESH_TOKEN);
    const { session } = outcome;
    const access = await this.accessTokens.sign({
      userId: session.userId,
      role: session.role,
      sessionId: session.id,
    });
    return { ...access, refreshToken: outcome.refreshToken };
  }
}
