import { Injectable, Logger } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import { CorrectionMetrics } from '#src/correction/correction.metrics.js';
import { locateEdits } from '#src/correction/edits/edit-locator.js';
import type { TextEdit } from '#src/correction/edits/text-edit.js';
import { parseCorrectionAnswer } from '#src/correction/prompt/correction-answer.js';
import {
  type CorrectionStyle,
  RESPONSE_SCHEMA,
  systemInstruction,
  userContent,
} from '#src/correction/prompt/correction-prompt.js';
import { GeminiClient } from '#src/infra/gemini/gemini.client.js';
import { GeminiNotConfiguredError } from '#src/infra/gemini/gemini.errors.js';

import { CorrectionProvider, type ProviderAnswer } from '../correction-provider.js';
import { GeminiRetryPolicy } from './gemini-retry.policy.js';

/** The whole Gemini phase of a request (attempts + waits) is bounded by this many attempt timeouts. */
const DEADLINE_IN_ATTEMPTS = 2;

/**
 * Corrections from Gemini: one `generateContent` call per batch of pieces, JSON in and out, through a
 * retry policy and a circuit breaker. Offsets are never taken from the model: each proposed edit is located
 * in its piece by its `original` text (`locateEdits`); a piece whose answer cannot be placed exactly gets
 * null, so the caller falls back for that piece and nothing unverified is served or cached.
 */
@Injectable()
export class GeminiCorrectionProvider extends CorrectionProvider {
  public readonly name = 'gemini' as const;
  private readonly logger = new Logger(GeminiCorrectionProvider.name);
  private readonly retry: GeminiRetryPolicy;

  public constructor(
    private readonly client: GeminiClient,
    private readonly metrics: CorrectionMetrics,
    config: AppConfig,
  ) {
    super();
    const { timeoutMs, maxRetries } = config.gemini;
    this.retry = new GeminiRetryPolicy({
      maxRetries,
      attemptTimeoutMs: timeoutMs,
      deadlineMs: timeoutMs * DEADLINE_IN_ATTEMPTS,
    });
  }

  public get available(): boolean {
    return this.client.configured;
  }

  public get model(): string {
    return this.client.model;
  }

  public async correct(
    pieces: readonly string[],
    style: CorrectionStyle,
    signal?: AbortSignal,
  ): Promise<ProviderAnswer> {
    if (!this.client.configured) throw new GeminiNotConfiguredError();
    const request = {
      systemInstruction: systemInstruction(style),
      userContent: userContent(style, pieces),
      responseSchema: RESPONSE_SCHEMA,
    };
    let answer;
    try {
      answer = await this.retry.run(
        (timeoutMs) => this.client.generateJson(request, timeoutMs, signal),
        (err, delayMs) => {
          this.metrics.geminiAttempts.retried++;
          this.logger.warn({ err: (err as Error).message, delayMs }, 'gemini attempt failed; retrying');
        },
      );
    } catch (err) {
      this.metrics.geminiAttempts.failed++;
      throw err;
    }
    this.metrics.geminiAttempts.ok++;
    return {
      model: this.client.model,
      corrections: this.readAnswer(pieces, answer.text, answer.finishReason),
      usage: answer.usage,
    };
  }

  private readAnswer(pieces: readonly string[], text: string, finishReason: string): (TextEdit[] | null)[] {
    let proposed;
    try {
      if (finishReason !== 'STOP') throw new Error(`finish reason ${finishReason}`);
      proposed = parseCorrectionAnswer(text);
    } catch (err) {
      this.logger.warn(
        { err: (err as Error).message, pieces: pieces.length },
        'gemini answer unusable; falling back',
      );
      return pieces.map(() => null);
    }
    return pieces.map((piece, i) => {
      const edits = proposed.get(i + 1);
      if (!edits) return null;
      try {
        return locateEdits(piece, edits);
      } catch (err) {
        this.logger.warn(
          { err: (err as Error).message },
          'gemini edits do not fit their piece; falling back for it',
        );
        return null;
      }
    });
  }
}
