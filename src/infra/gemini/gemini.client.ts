import type { ApiError, GoogleGenAI } from '@google/genai';
import { Injectable } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import type { CircuitBreaker } from '#src/infra/resilience/circuit-breaker.js';
import { CircuitBreakerRegistry } from '#src/infra/resilience/circuit-breaker.registry.js';

import {
  GeminiHttpError,
  GeminiNotConfiguredError,
  GeminiTimeoutError,
  retryDelayFromErrorBody,
} from './gemini.errors.js';
import { type ResponseSchema, toSdkSchema } from './gemini-schema.js';

/** Tokens one call consumed, as billed. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface GeminiJsonRequest {
  systemInstruction: string;
  userContent: string;
  responseSchema: ResponseSchema;
  /** Default 0: corrections want the same answer every time. */
  temperature?: number;
  maxOutputTokens?: number;
}

export interface GeminiJsonAnswer {
  /** The answer's text; empty when the model gave none (see `finishReason`). */
  text: string;
  /** `STOP` on success; `MAX_TOKENS`, `SAFETY`, a block reason… otherwise. */
  finishReason: string;
  usage: TokenUsage;
}

interface GeminiSdk {
  ai: GoogleGenAI;
  ApiError: typeof ApiError;
}

/** Consecutive failed calls that open Gemini's circuit, and how long it then stays open. */
const BREAKER_THRESHOLD = 5;
const BREAKER_OPEN_MS = 30_000;

/**
 * One `generateContent` call with JSON output, and nothing else: no retries (the SDK retries only when
 * `retryOptions` is set, which it is not — callers decide), errors mapped to our own types, every call
 * behind Gemini's one circuit breaker. The only class that calls Gemini and the only one that loads its SDK
 * (features describe their answers with `ResponseSchema`); the correction provider and the dictionary's
 * Gemini source share it, and so its circuit.
 */
@Injectable()
export class GeminiClient {
  /** The SDK and its client, loaded on the first call (see `ResponseSchema` for why). */
  private sdk: Promise<GeminiSdk> | null = null;
  private readonly breaker: CircuitBreaker;

  public constructor(
    private readonly config: AppConfig,
    breakers: CircuitBreakerRegistry,
  ) {
    this.breaker = breakers.create({
      name: 'gemini',
      failureThreshold: BREAKER_THRESHOLD,
      openMs: BREAKER_OPEN_MS,
      // A 400/404 is our request's fault, not Gemini being unwell.
      isFailure: (err) =>
        !(err instanceof GeminiHttpError && !err.retryable && err.status !== 401 && err.status !== 403),
    });
  }

  public get configured(): boolean {
    return Boolean(this.config.gemini.apiKey);
  }

  public get model(): string {
    return this.config.gemini.model;
  }

  /** Throws GeminiHttpError, GeminiTimeoutError, GeminiNotConfiguredError, CircuitOpenError, or a network error. */
  public async generateJson(
    request: GeminiJsonRequest,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<GeminiJsonAnswer> {
    if (!this.configured) throw new GeminiNotConfiguredError();
    return this.breaker.execute(() => this.call(request, timeoutMs, signal));
  }

  private loadSdk(): Promise<GeminiSdk> {
    const { apiKey, baseUrl } = this.config.gemini;
    this.sdk ??= import('@google/genai').then(({ ApiError, GoogleGenAI }) => ({
      ApiError,
      ai: new GoogleGenAI({ apiKey, httpOptions: { baseUrl } }),
    }));
    return this.sdk;
  }

  private async call(
    request: GeminiJsonRequest,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<GeminiJsonAnswer> {
    const { ai, ApiError } = await this.loadSdk();
    const timeout = AbortSignal.timeout(timeoutMs);
    const abortSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response;
    try {
      response = await ai.models.generateContent({
        model: this.model,
        contents: [{ role: 'user', parts: [{ text: request.userContent }] }],
        config: {
          systemInstruction: request.systemInstruction,
          responseMimeType: 'application/json',
          responseSchema: toSdkSchema(request.responseSchema),
          temperature: request.temperature ?? 0,
          ...(request.maxOutputTokens ? { maxOutputTokens: request.maxOutputTokens } : {}),
          // Our signal bounds the whole attempt, body included (one timeout mechanism, not two).
          abortSignal,
        },
      });
    } catch (err) {
      if (timeout.aborted && !signal?.aborted) throw new GeminiTimeoutError(timeoutMs);
      if (err instanceof ApiError)
        throw new GeminiHttpError(
          err.status,
          err.message.slice(0, 500),
          retryDelayFromErrorBody(err.message),
        );
      throw err;
    }
    const usage = response.usageMetadata;
    const tokens: TokenUsage = {
      promptTokens: usage?.promptTokenCount ?? 0,
      // Thinking tokens are billed as output.
      completionTokens: (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0),
      totalTokens: usage?.totalTokenCount ?? 0,
    };
    const candidate = response.candidates?.[0];
    const text = candidate?.content?.parts?.map((p) => p.text ?? '').join('') ?? '';
    // A blocked prompt has no candidate but still bills its prompt tokens: report it, not throw.
    const finishReason = String(
      response.promptFeedback?.blockReason ?? candidate?.finishReason ?? 'NO_CANDIDATE',
    );
    return { text, finishReason, usage: tokens };
  }
}
