import { describe, expect, it } from 'vitest';

import { NotFoundError } from '#src/infra/http/errors.js';
import { Clock } from '#src/infra/time/clock.js';
import { strictMock } from '#test/helpers/strict-mock.js';

import type { AuthUser } from '../auth-user.js';
import { SessionRepository } from './session.repository.js';
import { SessionService } from './session.service.js';
import { SessionRevoker } from './session-revoker.js';

const NOW = new Date('2026-12-02T10:00:00Z');
const CURRENT = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const user: AuthUser = { id: 'u1', sessionId: CURRENT, role: 'user' } as AuthUser;

/** SessionService with strict mocks: each call may reach only the collaborators it names. */
describe('SessionService (strict mocks)', () => {
  const clock = strictMock(Clock, { now: () => NOW });

  it('lists the live sessions as the API shows them, marking the caller’s own', async () => {
    const sessions = strictMock(SessionRepository, {
      listLive: async () => [
        {
          id: CURRENT,
          userAgent: 'Firefox',
          ip: '203.0.113.7',
          createdAt: new Date('2026-12-01T08:00:00Z'),
          lastUsedAt: new Date('2026-12-02T09:59:00Z'),
        },
        { id: OTHER, userAgent: null, ip: null, createdAt: NOW, lastUsedAt: NOW },
      ],
    } as never);
    const service = new SessionService(sessions, strictMock(SessionRevoker), clock);

    expect(await service.list(user)).toEqual([
      {
        id: CURRENT,
        userAgent: 'Firefox',
        ip: '203.0.113.7',
        createdAt: '2026-12-01T08:00:00.000Z',
        lastUsedAt: '2026-12-02T09:59:00.000Z',
        current: true,
      },
      {
        id: OTHER,
        userAgent: null,
        ip: null,
        createdAt: NOW.toISOString(),
        lastUsedAt: NOW.toISOString(),
        current: false,
      },
    ]);
    expect(sessions.listLive).toHaveBeenCalledWith('u1', NOW);
  });

  it('ends one of the caller’s sessions through the revoker', async () => {
    const revoker = strictMock(SessionRevoker, { revokeOne: async () => true });
    await new SessionService(strictMock(SessionRepository), revoker, clock).end(user, OTHER);
    expect(revoker.revokeOne).toHaveBeenCalledWith('u1', OTHER, 'deleted');
  });

  it('answers 404 alike for an id that is not a UUID (never asked) and for one that is not the caller’s', async () => {
    const revoker = strictMock(SessionRevoker, { revokeOne: async () => false });
    const service = new SessionService(strictMock(SessionRepository), revoker, clock);
    await expect(service.end(user, 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
    expect(revoker.revokeOne).not.toHaveBeenCalled();
    await expect(service.end(user, OTHER)).rejects.toThrow('No such session.');
    expect(revoker.revokeOne).toHaveBeenCalledTimes(1);
  });

  it('logs out the current session, or every session', async () => {
    const revoker = strictMock(SessionRevoker, {
      revokeOne: async () => true,
      revokeAll: async () => [CURRENT, OTHER],
    });
    const service = new SessionService(strictMock(SessionRepository), revoker, clock);
    await service.logout(user);
    await service.logoutAll(user);
    expect(revoker.revokeOne).toHaveBeenCalledWith('u1', CURRENT, 'logout');
    expect(revoker.revokeAll).toHaveBeenCalledWith('u1', 'logout-all');
  });
});
