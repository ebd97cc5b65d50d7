import { Injectable } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import { TooManyRequestsError } from '#src/infra/http/errors.js';
import { type FailureBudget, FailureCounter } from '#src/infra/rate-limit/failure-counter.js';
import { toWholeSeconds } from '#src/infra/rate-limit/rate-limit.storage.js';
import { emailDigest, ipTracker } from '#src/infra/rate-limit/rate-limit.trackers.js';

import { type KnownDevice } from './device-cookie.js';

/** Who is trying to sign in to which account. */
export interface LoginAttempt {
  email: string;
  ip: string;
  device: KnownDevice | undefined;
}

const LOGIN_LOCKED = 'Too many wrong passwords for this account from here; retry later.';
const CHECK_LOCKED = 'Too many wrong current passwords; retry later.';

/**
 * Wrong-password budgets. Login, counted in failures (a correct password costs nothing):
 * - a known device (device cookie for this account) has its own budget, and nothing else can lock it;
 * - an unknown device draws on its address's budget for the account AND on the account's budget shared
 *   by all unknown devices. One address spends at most its own (smaller) budget, so it can never lock the
 *   owner out from elsewhere; many addresses together get at most the account budget per window, after
 *   which only known devices may try.
 */
@Injectable()
export class PasswordGuessLimits {
  private readonly limits: AppConfig['auth']['failures'];

  public constructor(
    private readonly counter: FailureCounter,
    config: AppConfig,
  ) {
    this.limits = config.auth.failures;
  }

  /** Throws a 429 before the password is checked when a budget this attempt draws on is spent. */
  public assertLoginMayTry(attempt: LoginAttempt): Promise<void> {
    return this.assertUnspent(this.loginBudgets(attempt), LOGIN_LOCKED);
  }

  public recordLoginFailure(attempt: LoginAttempt): Promise<void> {
    return this.counter.record(this.loginBudgets(attempt));
  }

  public assertPasswordCheckMayTry(userId: string): Promise<void> {
    return this.assertUnspent([this.passwordCheckBudget(userId)], CHECK_LOCKED);
  }

  public recordPasswordCheckFailure(userId: string): Promise<void> {
    return this.counter.record([this.passwordCheckBudget(userId)]);
  }

  private async assertUnspent(budgets: FailureBudget[], detail: string): Promise<void> {
    const spent = (await this.counter.peek(budgets)).filter((c) => c.exhausted);
    if (spent.length === 0) return;
    throw new TooManyRequestsError(toWholeSeconds(Math.max(...spent.map((c) => c.resetMs))), detail);
  }

  private passwordCheckBudget(userId: string): FailureBudget {
    return {
      key: `password-check:{${userId}}`,
      limit: this.limits.passwordCheck,
      windowMs: this.limits.windowMs,
    };
  }

  private loginBudgets({ email, ip, device }: LoginAttempt): FailureBudget[] {
    // One hash tag per account: the budgets of one attempt live in one cluster slot (one script).
    const base = `login:{${emailDigest(email)}}`;
    const windowMs = this.limits.windowMs;
    if (device) return [{ key: `${base}:device:${device.nonce}`, limit: this.limits.perDevice, windowMs }];
    return [
      { key: `${base}:${ipTracker({ ip })}`, limit: this.limits.perAddress, windowMs },
      { key: `${base}:unknown-devices`, limit: this.limits.perAccount, windowMs },
    ];
  }
}
