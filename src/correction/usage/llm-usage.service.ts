import { Injectable } from '@nestjs/common';

import { Clock } from '#src/infra/time/clock.js';

import type { UsageResponse } from '../dto/correction.schemas.js';
import { LlmUsageRepository, type UsageTotals } from './llm-usage.repository.js';
import { TokenBudget } from './token-budget.js';
import { startOfUtcDay, startOfUtcMonth } from './utc-calendar.js';

/**
 * `GET /llm/usage`: the caller's Gemini usage today and this month from `llm_usage`, plus the live daily
 * budget; and every user's usage today, for the admin stats. The totals lag the budget by at most one flush interval (`LLM_USAGE_FLUSH_INTERVAL_MS`): rows are
 * written behind, the budget counter at once.
 */
@Injectable()
export class LlmUsageService {
  public constructor(
    private readonly repository: LlmUsageRepository,
    private readonly budget: TokenBudget,
    private readonly clock: Clock,
  ) {}

  public async forUser(userId: string): Promise<UsageResponse> {
    const now = this.clock.now();
    const [today, month, budget] = await Promise.all([
      this.repository.totalsSince(userId, startOfUtcDay(now)),
      this.repository.totalsSince(userId, startOfUtcMonth(now)),
      this.budget.state(userId),
    ]);
    return { today, month, budget: { ...budget, resetsAt: budget.resetsAt.toISOString() } };
  }

  /** Gemini usage of all users since the start of the current UTC day. */
  public async everyoneToday(): Promise<{ since: string } & UsageTotals> {
    const since = startOfUtcDay(this.clock.now());
    return { since: since.toISOString(), ...(await this.repository.totalsSince(null, since)) };
  }
}
