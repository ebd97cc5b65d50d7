import type { TokenUsage } from '#src/infra/gemini/gemini.client.js';

import type { TextEdit } from '../edits/text-edit.js';
import type { CorrectionStyle } from '../prompt/correction-prompt.js';

/** Tokens one provider call consumed (zero for the local checker). */
export type { TokenUsage };

export interface ProviderAnswer {
  /** Model (or checker) that answered, e.g. `gemini-2.5-flash` or `harper`. */
  model: string;
  /**
   * One entry per piece, in order: the piece's edits (offsets into that piece, validated), or null when the
   * provider had no usable answer for it (the caller falls back for that piece only).
   */
  corrections: (TextEdit[] | null)[];
  usage: TokenUsage;
}

/**
 * Something that corrects pieces of text. Two implementations: `GeminiCorrectionProvider` (the LLM; bound
 * to this class as the injection token) and `LocalCorrectionProvider` (Harper, offline; the fallback).
 * `correct` throws when the provider cannot answer at all (unconfigured, circuit open, timeout, 5xx…).
 */
export abstract class CorrectionProvider {
  public abstract readonly name: 'gemini' | 'local';
  /** The model (or checker) answers come from; part of every cache key. */
  public abstract get model(): string;
  /** Whether `correct` can be called at all (e.g. an API key is configured). */
  public abstract get available(): boolean;
  public abstract correct(
    pieces: readonly string[],
    style: CorrectionStyle,
    signal?: AbortSignal,
  ): Promise<ProviderAnswer>;
}

export const NO_USAGE: TokenUsage = Object.freeze({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });
