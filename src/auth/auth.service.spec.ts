import { describe, expect, it } from 'vitest';

import { UnauthorizedError } from '#src/infra/http/errors.js';
import { strictMock } from '#test/helpers/strict-mock.js';

import { AuthService } from './auth.service.js';
import { AccessTokenService } from './jwt/access-token.service.js';
import { DeviceCookies } from './login/device-cookie.js';
import { PasswordGuessLimits } from './login/password-guess-limits.js';
import { PasswordHasher } from './passwords/password-hasher.js';
import { RefreshTokenService } from './refresh/refresh-token.service.js';
import { SessionRevoker } from './sessions/session-revoker.js';
import { SessionStarter } from './sessions/session-starter.js';
import { UserRepository } from './users/user.repository.js';

const PROFILE = {
  id: 'u1',
  email: 'a@b.test',
  displayName: null,
  role: 'user' as const,
  createdAt: new Date(0),
};
const CLIENT = { ip: '203.0.113.5', userAgent: 'test' };
const TOKENS = { accessToken: 'at', refreshToken: 'rt', expiresIn: 900 };

/** AuthService.login with every collaborator a strict mock: only the calls the flow should make may happen. */
describe('AuthService.login (strict mocks)', () => {
  const build = (valid: boolean) => {
    const users = strictMock(UserRepository, {
      findCredentialsByEmail: async () => ({ passwordHash: 'hash', profile: PROFILE }),
    });
    const hasher = strictMock(PasswordHasher, { verify: async () => valid });
    const starter = strictMock(SessionStarter, { start: async () => TOKENS });
    const limits = strictMock(PasswordGuessLimits, {
      assertLoginMayTry: async () => undefined,
      recordLoginFailure: async () => undefined,
    });
    const devices = strictMock(DeviceCookies, { verify: () => undefined, issue: () => 'v1.nonce.sig' });
    const service = new AuthService(
      users,
      hasher,
      starter,
      strictMock(RefreshTokenService),
      strictMock(AccessTokenService),
      strictMock(SessionRevoker),
      limits,
      devices,
    );
    return { service, users, hasher, starter, limits, devices };
  };

  it('checks the budgets before the password, starts a session and issues a device cookie', async () => {
    const { service, limits, starter, devices } = build(true);
    const result = await service.login({ email: 'a@b.test', password: 'right' }, CLIENT, 'old-cookie');
    expect(result).toEqual({ user: PROFILE, ...TOKENS, deviceCookie: 'v1.nonce.sig' });
    expect(devices.verify).toHaveBeenCalledWith('old-cookie', 'a@b.test');
    expect(limits.assertLoginMayTry).toHaveBeenCalledWith({
      email: 'a@b.test',
      ip: '203.0.113.5',
      device: undefined,
    });
    expect(starter.start).toHaveBeenCalledWith(PROFILE, CLIENT);
  });

  it('records a wrong password against the budgets and starts nothing', async () => {
    const { service, limits, starter } = build(false);
    await expect(service.login({ email: 'a@b.test', password: 'wrong' }, CLIENT)).rejects.toThrow(
      UnauthorizedError,
    );
    expect(limits.recordLoginFailure).toHaveBeenCalledTimes(1);
    expect(starter.start).not.toHaveBeenCalled();
  });

  it('does not even look the account up when a budget is spent', async () => {
    const { service, limits, users } = build(true);
    limits.assertLoginMayTry.mockRejectedValueOnce(new Error('429'));
    await expect(service.login({ email: 'a@b.test', password: 'right' }, CLIENT)).rejects.toThrow('429');
    expect(users.findCredentialsByEmail).not.toHaveBeenCalled();
  });

  it('the strict mock refuses calls nobody expected', () => {
    const users = strictMock(UserRepository);
    expect(() => users.findCredentialsById).toThrow('unexpected call: UserRepository.findCredentialsById');
    expect(() => strictMock(UserRepository, { noSuchMethod: async () => 1 } as never)).toThrow(
      'UserRepository has no method noSuchMethod',
    );
  });
});
