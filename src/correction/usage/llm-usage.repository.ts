import { Injectable } from '@nestjs/common';

import { Prisma } from '#src/generated/prisma/client.js';
import { PrismaService } from '#src/infra/database/prisma.service.js';

import { LLM_CALL_KINDS, type LlmCallKind, type UsageEvent } from './usage-event.js';

export interface KindTotals {
  totalTokens: number;
  costUsd: number;
  calls: number;
}

export interface UsageTotals {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  costUsd: number;
  calls: number;
  byKind: Record<LlmCallKind, KindTotals>;
}

interface TotalsRow {
  kind: string;
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
      INSERT INTO llm_usage (id, event_id, user_id, model, kind, prompt_tokens, completion_tokens, total_tokens, estimated_cost_usd, created_at)
      SELECT gen_random_uuid(), e."eventId", e."userId", e.model, coalesce(e.kind, 'correction'), e."promptTokens", e."completionTokens", e."totalTokens", e."costUsd", e.at
      FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS e(
        "eventId" text, "userId" uuid, model text, kind text, "promptTokens" int, "completionTokens" int, "totalTokens" int, "costUsd" numeric, at timestamptz)
      WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = e."userId")
      ON CONFLICT (event_id) DO NOTHING`;
  }

  /** Totals of calls made at or after `since`: one user's, or everybody's (`null`, admin stats). */
  public async totalsSince(userId: string | null, since: Date): Promise<UsageTotals> {
    const rows = await this.prisma.$queryRaw<TotalsRow[]>`
      SELECT kind, sum(prompt_tokens) AS prompt, sum(completion_tokens) AS completion, sum(total_tokens) AS total,
             sum(estimated_cost_usd) AS cost, count(*) AS calls
      FROM llm_usage WHERE (${userId}::uuid IS NULL OR user_id = ${userId}::uuid) AND created_at >= ${since}
      GROUP BY kind`;
    const none = (): KindTotals => ({ totalTokens: 0, costUsd: 0, calls: 0 });
    const totals: UsageTotals = {
      promptTokens: 0,
      completionTokens: 0,
      totalTokens: 0,
      costUsd: 0,
      calls: 0,
      byKind: Object.fromEntries(LLM_CALL_KINDS.map((k) => [k, none()])) as Record<LlmCallKind, KindTotals>,
    };
    for (const row of rows) {
      const kind = (LLM_CALL_KINDS as readonly string[]).includes(row.kind)
        ? (row.kind as LlmCallKind)
        : 'correction';
      const [total, cost, calls] = [Number(row.total ?? 0), Number(row.cost ?? 0), Number(row.calls)];
      totals.promptTokens += Number(row.prompt ?? 0);
      totals.completionTokens += Number(row.completion ?? 0);
      totals.totalTokens += total;
      totals.costUsd += cost;
      totals.calls += calls;
      totals.byKind[kind].totalTokens += total;
      totals.byKind[kind].costUsd += cost;
      totals.byKind[kind].calls += calls;
    }
    // Sums of 6-decimal costs: round away the float noise.
    totals.costUsd = Math.round(totals.costUsd * 1e6) / 1e6;
    return totals;
  }
}
