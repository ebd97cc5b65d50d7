import { Injectable } from '@nestjs/common';

import { NotFoundError } from '#src/infra/http/errors.js';
import { Clock } from '#src/infra/time/clock.js';

import type { AuthUser } from '../auth-user.js';
import { SessionRepository } from './session.repository.js';
import { SessionRevoker } from './session-revoker.js';

/** A row of `GET /auth/sessions`. */
export interface SessionView {
  id: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  /** The session of the access token making this request. */
  current: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The caller's own sessions: listing and ending them. Nobody can see or end another user's. */
@Injectable()
export class SessionService {
  public constructor(
    private readonly sessions: SessionRepository,
    private readonly revoker: SessionRevoker,
    private readonly clock: Clock,
  ) {}

  public async list(user: AuthUser): Promise<SessionView[]> {
    const rows = await this.sessions.listLive(user.id, this.clock.now());
    return rows.map((s) => ({
      id: s.id,
      userAgent: s.userAgent,
      ip: s.ip,
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: s.lastUsedAt.toISOString(),
      current: s.id === user.sessionId,
    }));
  }

  /** 404 alike for unknown ids, ended sessions and other users' sessions: existence is not disclosed. */
  public async end(user: AuthUser, sessionId: string): Promise<void> {
    const ended = UUID.test(sessionId) && (await this.revoker.revokeOne(user.id, sessionId, 'deleted'));
    if (!ended) throw new NotFoundError('No such session.');
  }

  public async logout(user: AuthUser): Promise<void> {
    await this.revoker.revokeOne(user.id, user.sessionId, 'logout');
  }

  public async logoutAll(user: AuthUser): Promise<void> {
    await this.revoker.revokeAll(user.id, 'logout-all');
  }
}
