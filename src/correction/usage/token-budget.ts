import { Injectable, Logger } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import { RedisService } from '#src/infra/redis/redis.service.js';
import { Clock } from '#src/infra/time/clock.js';

import { TOKEN_BUDGET_LUA } from './token-budget.scripts.js';
import { startOfNextUtcDay, utcDayStamp } from './utc-calendar.js';

type BudgetCommand = (
  key: string,
  amount: number,
  budget: number,
  check: 0 | 1,
  expireAt: number,
) => Promise<[number, number]>;
interface BudgetCommands {
  llmTokenBudget: BudgetCommand;
}

export interface BudgetState {
  dailyTokens: number;
  usedTokens: number;
  remainingTokens: number;
  resetsAt: Date;
}

/**
 * Each user's Gemini tokens for the current UTC day, against `LLM_DAILY_TOKEN_BUDGET`. A call first
 * reserves its estimated tokens (refused when the day's total would pass the budget → local fallback),
 * then settles with what it really used. Only Gemini calls count: cache hits never reach this class.
 *
 * Shared by every instance through a Redis counter (one Lua script per change). Without Redis — or while
 * it is unreachable — an in-process counter keeps the budget per instance rather than not at all.
 */
@Injectable()
export class TokenBudget {
  private readonly logger = new Logger(TokenBudget.name);
  private readonly local = new Map<string, number>();

  public constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisService,
    private readonly clock: Clock,
  ) {
    const client = redis.client;
    if (client && !('llmTokenBudget' in client))
      client.defineCommand('llmTokenBudget', { numberOfKeys: 1, lua: TOKEN_BUDGET_LUA });
  }

  public get dailyTokens(): number {
    return this.config.llm.dailyTokenBudget;
  }

  /** Takes `tokens` from today's budget; false (nothing taken) when that would exceed it. */
  public async reserve(userId: string, tokens: number): Promise<boolean> {
    const [admitted] = await this.change(userId, Math.max(0, Math.ceil(tokens)), true);
    return admitted;
  }

  /** Corrects a reservation by `delta` tokens (negative gives tokens back); never refused. */
  public async adjust(userId: string, delta: number): Promise<void> {
    if (delta !== 0) await this.change(userId, Math.round(delta), false);
  }

  public async state(userId: string): Promise<BudgetState> {
    const [, used] = await this.change(userId, 0, false);
    return {
      dailyTokens: this.dailyTokens,
      usedTokens: used,
      remainingTokens: Math.max(0, this.dailyTokens - used),
      resetsAt: startOfNextUtcDay(this.clock.now()),
    };
  }

  private async change(
    userId: string,
    amount: number,
    check: boolean,
  ): Promise<[admitted: boolean, used: number]> {
    const now = this.clock.now();
    const key = `${this.redis.keyPrefix}llm-budget:${userId}:${utcDayStamp(now)}`;
    const expireAt = Math.floor(startOfNextUtcDay(now).getTime() / 1000) + 60;
    return this.redis.orFallback(
      async (client) => {
        const commands = client as unknown as BudgetCommands;
        const [admitted, used] = await commands.llmTokenBudget(
          key,
          amount,
          this.dailyTokens,
          check ? 1 : 0,
          expireAt,
        );
        return [Number(admitted) === 1, Number(used)];
      },
      (err) => {
        if (err)
          this.logger.warn(
            { err: (err as Error).message },
            'token budget in Redis unavailable; counting in-process',
          );
        return this.changeLocally(key, amount, check);
      },
    );
  }

  private changeLocally(key: string, amount: number, check: boolean): [boolean, number] {
    const used = this.local.get(key) ?? 0;
    if (check && amount > 0 && used + amount > this.dailyTokens) return [false, used];
    const after = Math.max(0, used + amount);
    // Yesterday's keys are never read again.
    if (!this.local.has(key))
      for (const old of this.local.keys()) if (!old.endsWith(key.slice(-10))) this.local.delete(old);
    this.local.set(key, after);
    return [true, after];
  }
}
