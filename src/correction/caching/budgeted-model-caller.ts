import { Injectable } from '@nestjs/common';

import type { TextEdit } from '../edits/text-edit.js';
import { type CorrectionStyle, systemInstruction } from '../prompt/correction-prompt.js';
import { CorrectionProvider, type TokenUsage } from '../providers/correction-provider.js';
import { LlmSpend, QuotaExceededError } from '../usage/llm-spend.js';

/** One model call carries at most this many characters of pieces; more go out as parallel calls. */
export const MAX_CALL_CHARS = 4_000;

export { QuotaExceededError };

/**
 * Calls the model for a batch of pieces on a user's account: reserves an estimate of the tokens from the
 * daily budget first (refused → `QuotaExceededError`), settles the reservation with the real count after,
 * and records the call's usage and cost. Big batches are split into calls of at most `MAX_CALL_CHARS`
 * (one huge answer would be slow and risk the output limit) that run in parallel.
 */
@Injectable()
export class BudgetedModelCaller {
  public constructor(
    private readonly llm: CorrectionProvider,
    private readonly spend: LlmSpend,
  ) {}

  /** One entry per text: edits, null (unusable answer) or the error that kept its call from answering. */
  public async ask(
    texts: string[],
    style: CorrectionStyle,
    userId: string,
    total: TokenUsage,
  ): Promise<(TextEdit[] | null | Error)[]> {
    const groups = splitByLength(texts, MAX_CALL_CHARS);
    const answers = await Promise.all(
      groups.map((group) =>
        this.askOnce(
          group.map((i) => texts[i]),
          style,
          userId,
          total,
        ).catch((err: unknown) => group.map(() => (err instanceof Error ? err : new Error(String(err))))),
      ),
    );
    const out: (TextEdit[] | null | Error)[] = new Array(texts.length);
    groups.forEach((group, g) => group.forEach((textIndex, j) => (out[textIndex] = answers[g][j])));
    return out;
  }

  private async askOnce(
    texts: string[],
    style: CorrectionStyle,
    userId: string,
    total: TokenUsage,
  ): Promise<(TextEdit[] | null)[]> {
    const answer = await this.spend.charge(userId, 'correction', estimateTokens(texts, style), () =>
      this.llm.correct(texts, style),
    );
    total.promptTokens += answer.usage.promptTokens;
    total.completionTokens += answer.usage.completionTokens;
    total.totalTokens += answer.usage.totalTokens;
    return answer.corrections;
  }
}

/**
 * A conservative guess of a call's tokens, for the reservation: ~4 characters per token for the prompt,
 * and an answer about as long as the input plus some JSON per piece.
 */
export function estimateTokens(texts: readonly string[], style: CorrectionStyle): number {
  const chars = texts.reduce((n, t) => n + t.length, 0);
  const prompt = Math.ceil((systemInstruction(style).length + chars + 40 * texts.length) / 4);
  const answer = Math.ceil(chars / 4) + 30 * texts.length;
  return prompt + answer;
}

/** Groups of consecutive indexes whose texts add up to at most `maxChars` (a longer text goes alone). */
function splitByLength(texts: readonly string[], maxChars: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let length = 0;
  texts.forEach((text, i) => {
    if (current.length > 0 && length + text.length > maxChars) {
      groups.push(current);
      current = [];
      length = 0;
    }
    current.push(i);
    length += text.length;
  });
  if (current.length > 0) groups.push(current);
  return groups;
}
