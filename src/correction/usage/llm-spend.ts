import { Injectable } from '@nestjs/common';

import type { TokenUsage } from '#src/infra/gemini/gemini.client.js';

import { TokenBudget } from './token-budget.js';
import type { LlmCallKind } from './usage-event.js';
import { UsageRecorder } from './usage-recorder.js';

/** The call would take the user past today's token budget. */
export class QuotaExceededError extends Error {
  public constructor() {
    super('daily LLM token budget exhausted');
    this.name = 'QuotaExceededError';
  }
}

/**
 * Every paid model call, whatever feature makes it, goes through here on a user's account: the estimate
 * is reserved from the daily budget first (refused → `QuotaExceededError`, nothing is called), settled
 * with the real count after, and the call is recorded in usage under its kind. The correction module's
 * public face for spending: the dictionary's Gemini source uses it too.
 */
@Injectable()
export class LlmSpend {
  public constructor(
    private readonly budget: TokenBudget,
    private readonly usage: UsageRecorder,
  ) {}

  public async charge<T extends { model: string; usage: TokenUsage }>(
    userId: string,
    kind: LlmCallKind,
    estimatedTokens: number,
    call: () => Promise<T>,
  ): Promise<T> {
    if (!(await this.budget.reserve(userId, estimatedTokens))) throw new QuotaExceededError();
    let answer: T;
    try {
      answer = await call();
    } catch (err) {
      await this.budget.adjust(userId, -estimatedTokens);
      throw err;
    }
    await this.budget.adjust(userId, answer.usage.totalTokens - estimatedTokens);
    await this.usage.record(userId, answer.model, answer.usage, kind);
    return answer;
  }
}
