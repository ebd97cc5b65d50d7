import { randomUUID } from 'node:crypto';

import { beforeEach, describe, expect, it } from 'vitest';

import { AppConfig } from '#src/config/app-config.js';
import type { Clock } from '#src/infra/time/clock.js';
import { strictMock } from '#test/helpers/strict-mock.js';

import type { FamilySession, RefreshFamily, StoredRefreshToken } from './refresh-family.js';
import { RefreshTokenCrypto } from './refresh-token.crypto.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';
import { RefreshTokenService } from './refresh-token.service.js';

const GRACE_SECONDS = 10;
const config = (secret = 'unit-test-secret-that-is-long-enough-0123456789') =>
  AppConfig.fromEnv({
    NODE_ENV: 'test',
    AUTH_JWT_SECRET: secret,
    AUTH_REFRESH_GRACE_SECONDS: String(GRACE_SECONDS),
  });

class FakeClock implements Clock {
  public time = new Date('2026-11-23T12:00:00Z');
  public now(): Date {
    return new Date(this.time);
  }
  public advance(ms: number): void {
    this.time = new Date(this.time.getTime() + ms);
  }
}

/**
 * One session's tokens in memory; `withFamilyLock` serialises like the row lock does. The service reaches
 * it through a strict mock of the repository, so any other repository call fails the test.
 */
class FakeTokens {
  public session: FamilySession = {
    id: randomUUID(),
    userId: randomUUID(),
    role: 'user',
    expiresAt: new Date('2026-11-30T12:00:00Z'),
    revokedAt: null,
    lastUsedAt: new Date('2026-11-23T12:00:00Z'),
  };
  public readonly tokens = new Map<string, StoredRefreshToken>();
  public revocations: string[] = [];
  private lock: Promise<unknown> = Promise.resolve();

  public add(tokenHash: string): void {
    const id = randomUUID();
    this.tokens.set(id, { id, tokenHash, successorId: null, rotatedAt: null, revokedAt: null });
  }

  public async findSessionId(tokenHash: string): Promise<string | undefined> {
    return [...this.tokens.values()].some((t) => t.tokenHash === tokenHash) ? this.session.id : undefined;
  }

  public async withFamilyLock<T>(
    _sessionId: string,
    work: (family: RefreshFamily) => Promise<T>,
  ): Promise<T | undefined> {
    const run = this.lock.then(() => work(this.family()));
    this.lock = run.catch(() => undefined);
    return run;
  }

  private family(): RefreshFamily {
    return {
      session: { ...this.session },
      token: async (hash) => [...this.tokens.values()].find((t) => t.tokenHash === hash),
      tokenById: async (id) => this.tokens.get(id),
      rotate: async (parentId, successor, now) => {
        this.tokens.set(successor.id, { ...successor, successorId: null, rotatedAt: null, revokedAt: null });
        Object.assign(this.tokens.get(parentId)!, { successorId: successor.id, rotatedAt: now });
      },
      touch: async () => undefined,
      revoke: async (reason, now) => {
        this.revocations.push(reason);
        this.session.revokedAt = now;
      },
    };
  }
}

describe('RefreshTokenService', () => {
  let clock: FakeClock;
  let tokens: FakeTokens;
  let crypto: RefreshTokenCrypto;
  let service: RefreshTokenService;
  let r1: string;

  beforeEach(() => {
    clock = new FakeClock();
    tokens = new FakeTokens();
    crypto = new RefreshTokenCrypto(config());
    const repository = strictMock(RefreshTokenRepository, {
      findSessionId: (hash: string) => tokens.findSessionId(hash),
      withFamilyLock: (id: string, work: (family: RefreshFamily) => Promise<unknown>) =>
        tokens.withFamilyLock(id, work),
    } as never);
    service = new RefreshTokenService(repository, crypto, clock, config());
    r1 = crypto.generate();
    tokens.add(crypto.hash(r1));
  });

  const rotate = async (token: string) => {
    const outcome = await service.refresh(token);
    if (outcome.kind !== 'rotated') throw new Error(`expected rotation, got ${outcome.kind}`);
    return outcome.refreshToken;
  };

  it('rotates the tip into a new, well-formed token', async () => {
    const r2 = await rotate(r1);
    expect(r2).not.toBe(r1);
    expect(crypto.isWellFormed(r2)).toBe(true);
    expect(tokens.tokens.size).toBe(2);
  });

  it('gives the immediate predecessor the current tip within the grace window, without forking', async () => {
    const r2 = await rotate(r1);
    clock.advance(GRACE_SECONDS * 1000);
    expect(await rotate(r1)).toBe(r2);
    expect(tokens.tokens.size).toBe(2);
    expect(tokens.revocations).toEqual([]);
  });

  it('revokes the family when the predecessor comes back after the grace window', async () => {
    await rotate(r1);
    clock.advance(GRACE_SECONDS * 1000 + 1);
    expect((await service.refresh(r1)).kind).toBe('reused');
    expect(tokens.revocations).toEqual(['refresh-token-reuse']);
  });

  it('revokes the family when a token older than the predecessor comes back, even at once', async () => {
    const r2 = await rotate(r1);
    await rotate(r2);
    expect((await service.refresh(r1)).kind).toBe('reused');
    expect(tokens.session.revokedAt).not.toBeNull();
  });

  it('refuses every token of a revoked or expired session', async () => {
    const r2 = await rotate(r1);
    tokens.session.expiresAt = clock.now();
    expect((await service.refresh(r2)).kind).toBe('rejected');
    tokens.session.expiresAt = new Date('2027-01-01T00:00:00Z');
    tokens.session.revokedAt = clock.now();
    expect((await service.refresh(r2)).kind).toBe('rejected');
  });

  it('refuses the tip of a session idle (no refresh) longer than AUTH_SESSION_IDLE_TTL_SECONDS', async () => {
    // Default idle TTL: 3 days since the last login or refresh.
    clock.advance(3 * 24 * 3_600_000 + 1);
    expect((await service.refresh(r1)).kind).toBe('rejected');
    expect(tokens.session.revokedAt).toBeNull();
  });

  it('refuses unknown and malformed tokens', async () => {
    expect((await service.refresh(crypto.generate())).kind).toBe('rejected');
    expect((await service.refresh('short')).kind).toBe('rejected');
  });

  it('treats a replay whose successor cannot be re-derived (secret changed) as reuse', async () => {
    await rotate(r1);
    const rekeyed = new RefreshTokenService(
      tokens as unknown as RefreshTokenRepository,
      new RefreshTokenCrypto(config('another-secret-that-is-long-enough-0123456789')),
      clock,
      config(),
    );
    expect((await rekeyed.refresh(r1)).kind).toBe('reused');
  });

  it('turns concurrent refreshes of one token into one successor', async () => {
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => rotate(r1)));
    expect(new Set(outcomes).size).toBe(1);
    expect(tokens.tokens.size).toBe(2);
  });
});
