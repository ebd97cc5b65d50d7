import { Injectable } from '@nestjs/common';

import { Prisma } from '#src/generated/prisma/client.js';
import { PrismaService } from '#src/infra/database/prisma.service.js';

import type { UsageEvent } from './usage-event.js';

export interface UsageTotals {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  costUsd: number;
  calls: number;
}

interface TotalsRow {
  prompt: bigint | null;
  completion: bigint | null;
  total: bigint | null;
  cost: Prisma.Decimal | null;
  calls: bigint;
}

/** `llm_usage` in PostgreSQL: written in batches by the usage flusher, read by `GET /llm/usage`. */
@Injectable()
export class LlmUsageRepository {
  public constructor(private readonly prisma: PrismaService) {}

  /**
   * Inserts the events in one statement. Idempotent: an `event_id` already stored is skipped (a replay after
   * a crash). Events of users deleted meanwhile are dropped instead of failing the whole batch on the FK.
   * Returns how many rows were actually inserted.
   */
  public async insertMany(events: readonly UsageEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    return this.prisma.$executeRaw`
      INSERT INTO llm_usage (id, event_id, user_id, model, prompt_tokens, completion_tokens, total_tokens, estimated_cost_usd, created_at)
      SELECT gen_random_uuid(), e."eventId", e."userId", e.model, e."promptTokens", e."completionTokens", e."totalTokens", e."costUsd", e.at
      FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS e(
        "eventId" text, "userId" uuid, model text, "promptTokens" int, "completionTokens" int, "totalTokens" int, "costUsd" numeric, at timestamptz)
      WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = e."userId")
      ON CONFLICT (event_id) DO NOTHING`;
  }

  /** Totals of calls made at or after `since`: one user's, or everybody's (`null`, admin stats). */
  public async totalsSince(userId: string | null, since: Date): Promise<UsageTotals> {
    const [row] = await this.prisma.$queryRaw<TotalsRow[]>`
      SELECT sum(prompt_tokens) AS prompt, sum(completion_tokens) AS completion, sum(total_tokens) AS total,
             sum(estimated_cost_usd) AS cost, count(*) AS calls
      FROM llm_usage WHERE (${userId}::uuid IS NULL OR user_id = ${userId}::uuid) AND created_at >= ${since}`;
    return {
      promptTokens: Number(row?.prompt ?? 0),
      completionTokens: Number(row?.completion ?? 0),
      totalTokens: Number(row?.total ?? 0),
      costUsd: Number(row?.cost ?? 0),
      calls: Number(row?.calls ?? 0),
    };
  }
}
