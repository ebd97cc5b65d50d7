import { z } from 'zod';

/**
 * One Gemini call, as accounted. `eventId` is minted when the call returns and is the idempotency key all
 * the way to PostgreSQL (`llm_usage.event_id` is unique), so replaying a buffered event is harmless.
 */
/** What a paid call was for: shown apart in `GET /llm/usage`. */
export type LlmCallKind = 'correction' | 'dictionary';
export const LLM_CALL_KINDS = ['correction', 'dictionary'] as const satisfies readonly LlmCallKind[];

export interface UsageEvent {
  eventId: string;
  userId: string;
  model: string;
  kind: LlmCallKind;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** USD, rounded to the column's 6 decimals. */
  costUsd: number;
  /** ISO-8601; when the call happened (not when it was flushed). */
  at: string;
}

const count = z.number().int().min(0).max(2_147_483_647);

/** Reads a buffered event back; anything else (a corrupt or foreign list item) is rejected, not inserted. */
export const usageEventSchema = z.object({
  eventId: z.string().min(1).max(100),
  userId: z.uuid(),
  model: z.string().min(1).max(200),
  // Events buffered by the previous release have no kind: they were all corrections.
  kind: z.enum(LLM_CALL_KINDS).default('correction'),
  promptTokens: count,
  completionTokens: count,
  totalTokens: count,
  costUsd: z.number().min(0).max(999_999),
  at: z.iso.datetime({ offset: true }),
});

/** Estimated cost in USD from the configured per-million-token prices. */
export function estimateCostUsd(
  promptTokens: number,
  completionTokens: number,
  prices: { input: number; output: number },
): number {
  const usd = (promptTokens * prices.input + completionTokens * prices.output) / 1_000_000;
  return Math.round(usd * 1e6) / 1e6;
}
