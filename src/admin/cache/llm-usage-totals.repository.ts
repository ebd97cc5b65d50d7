import { Injectable } from '@nestjs/common';

import type { Prisma } from '#src/generated/prisma/client.js';
import { PrismaService } from '#src/infra/database/prisma.service.js';

export interface LlmUsageToday {
  /** Start of the UTC day the totals cover. */
  since: string;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  costUsd: number;
}

interface TotalsRow {
  prompt: bigint | null;
  completion: bigint | null;
  total: bigint | null;
  cost: Prisma.Decimal | null;
  calls: bigint;
}

/** Gemini usage of ALL users for the current UTC day, from `llm_usage` (admin stats; read-only). */
@Injectable()
export class LlmUsageTotalsRepository {
  public constructor(private readonly prisma: PrismaService) {}

  public async today(now = new Date()): Promise<LlmUsageToday> {
    const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const [row] = await this.prisma.$queryRaw<TotalsRow[]>`
      SELECT sum(prompt_tokens) AS prompt, sum(completion_tokens) AS completion, sum(total_tokens) AS total,
             sum(estimated_cost_usd) AS cost, count(*) AS calls
      FROM llm_usage WHERE created_at >= ${since}`;
    return {
      since: since.toISOString(),
      calls: Number(row?.calls ?? 0),
      promptTokens: Number(row?.prompt ?? 0),
      completionTokens: Number(row?.completion ?? 0),
      totalTokens: Number(row?.total ?? 0),
      costUsd: Number(row?.cost ?? 0),
    };
  }
}
