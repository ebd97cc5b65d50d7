import { Injectable } from '@nestjs/common';

import { Clock } from '#src/auth/clock.js';

import type { UsageResponse } from '../dto/correction.schemas.js';
import { LlmUsageRepository } from './llm-usage.repository.js';
import { TokenBudget } from './token-budget.js';
import { startOfUtcDay, startOfUtcMonth } from './utc-calendar.js';

/**
 * `GET /llm/usage`: the caller's Gemini usage today and this month from `llm_usage`, plus the live daily
 * budget. The totals lag the budget by at most one flush interval (`LLM_USAGE_FLUSH_INTERVAL_MS`): rows are
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
}
