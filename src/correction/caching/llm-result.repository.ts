import { Injectable } from '@nestjs/common';

import { PrismaService } from '#src/infra/database/prisma.service.js';

import type { CachedCorrection } from './cached-correction.js';

/** `llm_results`: the durable tier of the piece cache, kept when Redis forgets (24 h TTL, flushes). */
@Injectable()
export class LlmResultRepository {
  public constructor(private readonly prisma: PrismaService) {}

  /** The stored payload, counting the hit (one statement). Undefined when the key was never stored. */
  public async findAndCountHit(key: string): Promise<unknown> {
    const rows = await this.prisma.$queryRaw<{ payload: unknown }[]>`
      UPDATE llm_results SET hit_count = hit_count + 1 WHERE key = ${key} RETURNING payload`;
    return rows[0]?.payload;
  }

  /** First write wins: two instances saving the same piece store one row. */
  public async save(key: string, value: CachedCorrection): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO llm_results (key, payload, model, prompt_version)
      VALUES (${key}, ${JSON.stringify(value)}::jsonb, ${value.model}, ${value.promptVersion})
      ON CONFLICT (key) DO NOTHING`;
  }
}
