import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { Clock } from '#src/infra/time/clock.js';

import { SessionRepository } from './session.repository.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Ended sessions stay a while so "your session was ended" support questions can still be answered. */
const KEEP_ENDED_MS = 30 * DAY;

/**
 * Deletes long-ended sessions and their refresh-token chains (a week-long session rotating every
 * 15 minutes leaves ~700 hashes). Safe on every instance at once: it is one idempotent DELETE. Tokens of
 * a deleted session are simply unknown: the same 401 as before.
 */
@Injectable()
export class SessionSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SessionSweeper.name);
  private timer?: NodeJS.Timeout;

  public constructor(
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
  ) {}

  public onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), HOUR);
    this.timer.unref();
  }

  public onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  public async sweep(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - KEEP_ENDED_MS);
    try {
      const deleted = await this.sessions.deleteEnded(cutoff, cutoff);
      if (deleted > 0) this.logger.log({ deleted }, 'deleted ended sessions');
      return deleted;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'session sweep failed; retrying next hour');
      return 0;
    }
  }
}
