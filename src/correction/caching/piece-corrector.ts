import { Injectable } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import { CacheService } from '#src/infra/cache/cache.service.js';
import type { CacheLoader, CacheLookup } from '#src/infra/cache/cache.types.js';
import { GeminiNotConfiguredError } from '#src/infra/gemini/gemini.errors.js';
import { CircuitOpenError } from '#src/infra/resilience/circuit-breaker.js';

import { correctionCacheKey } from '../correction.cache.js';
import { CorrectionMetrics, type FallbackReason, type PieceSource } from '../correction.metrics.js';
import { assertValidEdits, type TextEdit } from '../edits/text-edit.js';
import { type CorrectionStyle, PROMPT_VERSION } from '../prompt/correction-prompt.js';
import { CorrectionProvider, NO_USAGE, type TokenUsage } from '../providers/correction-provider.js';
import { LOCAL_CHECKER_VERSION } from '../providers/local/local-check.js';
import { LOCAL_MODEL, LocalCorrectionProvider } from '../providers/local/local-correction.provider.js';
import { BudgetedModelCaller, QuotaExceededError } from './budgeted-model-caller.js';
import { type CachedCorrection, readCachedCorrection } from './cached-correction.js';
import { LlmResultRepository } from './llm-result.repository.js';
import { PieceBatch, UnusableAnswerError } from './piece-batch.js';
import { pieceKey, type PieceScope } from './piece-key.js';

/** How long the first cache miss of a request waits for its other misses before the model call goes out. */
export const BATCH_WINDOW_MS = 15;

export interface PieceResult {
  edits: TextEdit[];
  source: PieceSource;
  model: string;
  /** Why the local checker answered instead of the model. */
  fallback?: FallbackReason;
  /** The local checker's answer came from the cache (it had checked this sentence for this user before). */
  cached?: boolean;
}

export interface PiecesOutcome {
  results: PieceResult[];
  /** Tokens this request's model calls used (zero when everything came from the caches). */
  usage: TokenUsage;
}

/**
 * Answers distinct pieces: each through the `llm` cache (Redis → PostgreSQL → model), the model misses of
 * the request batched into one call, and the local checker for every piece the model could not answer,
 * or had not answered when the request's deadline (`LLM_DEADLINE_MS`) passed. A model call still running
 * then goes on in the background and fills the cache for next time (charged to the budget as usual).
 *
 * Cached answers are per user unless `LLM_CACHE_SCOPE=global`; in the global scope every piece goes to the
 * model in a call of its own, so a shared answer never comes from a prompt that held someone's other text.
 */
@Injectable()
export class PieceCorrector {
  public constructor(
    private readonly cache: CacheService,
    private readonly results: LlmResultRepository,
    private readonly llm: CorrectionProvider,
    private readonly local: LocalCorrectionProvider,
    private readonly modelCaller: BudgetedModelCaller,
    private readonly metrics: CorrectionMetrics,
    config: AppConfig,
  ) {
    this.deadlineMs = config.llm.deadlineMs;
    this.warmLocalAfterMs = Math.min(config.gemini.timeoutMs, config.llm.deadlineMs / 2);
    this.sharedCache = config.llm.cacheScope === 'global';
  }

  private readonly deadlineMs: number;
  /**
   * A model call still unanswered after this long (one attempt's timeout, or half the deadline) is likely to
   * end in a fallback: the local checker's thread starts then, so the writer does not wait for its ~3 s
   * set-up on top of the deadline.
   */
  private readonly warmLocalAfterMs: number;
  private readonly sharedCache: boolean;

  /**
   * `userId`: null for an anonymous caller, who never reaches the model. `skipModel`: the model may
   * not be used at all for this request (and why).
   */
  public async correct(
    pieces: readonly string[],
    style: CorrectionStyle,
    userId: string | null,
    skipModel: FallbackReason | null,
  ): Promise<PiecesOutcome> {
    const usage = { ...NO_USAGE };
    const results: (PieceResult | FallbackReason)[] =
      skipModel || !userId
        ? pieces.map(() => skipModel ?? 'anonymous')
        : await this.fromCacheOrModel(
            pieces,
            style,
            this.sharedCache ? 'global' : { user: userId },
            (texts) =>
              this.sharedCache
                ? Promise.all(
                    texts.map(async (t) => (await this.modelCaller.ask([t], style, userId, usage))[0]),
                  )
                : this.modelCaller.ask(texts, style, userId, usage),
          );
    const fallbackIndexes = results.flatMap((r, i) => (typeof r === 'string' ? [i] : []));
    if (fallbackIndexes.length > 0) {
      const answers = await this.localAnswers(
        fallbackIndexes.map((i) => pieces[i]),
        style,
        userId,
      );
      fallbackIndexes.forEach((pieceIndex, j) => {
        const reason = results[pieceIndex] as FallbackReason;
        this.metrics.fallbacks[reason]++;
        results[pieceIndex] = {
          edits: answers[j].edits,
          source: 'local',
          model: LOCAL_MODEL,
          fallback: reason,
          cached: answers[j].cached,
        };
      });
    }
    const done = results as PieceResult[];
    for (const r of done) this.metrics.pieces[r.source]++;
    return { results: done, usage };
  }

  /**
   * The local checker's answers, per sentence: from the `llm` cache when it already checked the sentence for
   * this user (keyed with the checker's version), else from the worker pool, then cached. An unchanged
   * document costs no checker work. Anonymous callers get no cache: one stranger's cached answer, and its
   * speed, would tell another what was written.
   */
  private async localAnswers(
    pieces: string[],
    style: CorrectionStyle,
    userId: string | null,
  ): Promise<{ edits: TextEdit[]; cached: boolean }[]> {
    const keys = userId
      ? pieces.map((p) => correctionCacheKey(pieceKey(LOCAL_CHECKER_VERSION, style, p, { user: userId })))
      : [];
    const found = userId
      ? await this.cache.getMany<CachedCorrection>('llm', keys).catch(() => new Map<string, unknown>())
      : new Map<string, unknown>();
    const answers = pieces.map((piece, i) => {
      const edits = userId ? readCachedCorrection(found.get(keys[i]), piece)?.edits : undefined;
      return edits ? { edits, cached: true } : undefined;
    });
    const missing = answers.flatMap((a, i) => (a ? [] : [i]));
    if (missing.length === 0) return answers as { edits: TextEdit[]; cached: boolean }[];
    const fresh = await this.local.correct(
      missing.map((i) => pieces[i]),
      style,
    );
    missing.forEach((i, j) => {
      const edits = validOrNone(pieces[i], fresh.corrections[j]);
      answers[i] = { edits, cached: false };
      if (!userId) return;
      const value: CachedCorrection = {
        v: 1,
        edits,
        model: LOCAL_MODEL,
        promptVersion: LOCAL_CHECKER_VERSION,
      };
      // Best effort: a Redis hiccup costs the next check its cache hit, never this answer.
      void this.cache.set('llm', keys[i], value).catch(() => undefined);
    });
    return answers as { edits: TextEdit[]; cached: boolean }[];
  }

  private async fromCacheOrModel(
    pieces: readonly string[],
    style: CorrectionStyle,
    scope: PieceScope,
    dispatch: (texts: string[]) => Promise<(TextEdit[] | null | Error)[]>,
  ): Promise<(PieceResult | FallbackReason)[]> {
    const model = this.llm.model;
    const batch = new PieceBatch(pieces.length, BATCH_WINDOW_MS, (texts) => dispatch(texts));
    const lookups = pieces.map((piece, i) => {
      const key = pieceKey(model, style, piece, scope);
      const layers = [
        this.postgresLayer(key, piece, () => batch.loading(i)),
        this.modelLayer(batch, i, piece, model),
      ];
      return this.cache
        .getOrLoad<CachedCorrection>('llm', correctionCacheKey(key), layers)
        .finally(() => batch.done(i));
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<FallbackReason>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), this.deadlineMs);
    });
    const warmUp = setTimeout(() => this.local.warm(style), this.warmLocalAfterMs);
    try {
      return await Promise.all(
        lookups.map((lookup, i) =>
          Promise.race([
            lookup.then((found) => this.fromLookup(found, pieces[i]), fallbackReasonOf),
            deadline,
          ]),
        ),
      );
    } finally {
      clearTimeout(timer);
      clearTimeout(warmUp);
    }
  }

  private fromLookup(lookup: CacheLookup<CachedCorrection>, piece: string): PieceResult | FallbackReason {
    if (!lookup.found) return 'upstream-error';
    const value = readCachedCorrection(lookup.value, piece);
    if (!value) return 'invalid-answer';
    return { edits: value.edits, source: sourceOf(lookup.source), model: value.model };
  }

  private postgresLayer(key: string, piece: string, onLoad: () => void): CacheLoader<CachedCorrection> {
    return {
      name: 'postgres',
      kind: 'store',
      load: async () => {
        onLoad();
        const stored = readCachedCorrection(await this.results.findAndCountHit(key), piece);
        return stored ?? undefined;
      },
      save: (value) => this.results.save(key, value),
    };
  }

  private modelLayer(
    batch: PieceBatch,
    index: number,
    piece: string,
    model: string,
  ): CacheLoader<CachedCorrection> {
    return {
      name: 'gemini',
      kind: 'upstream',
      load: async () => ({
        v: 1,
        edits: await batch.join(index, piece),
        model,
        promptVersion: PROMPT_VERSION,
      }),
    };
  }
}

/** The local checker has no fallback of its own: findings that do not apply cleanly are dropped. */
function validOrNone(piece: string, edits: TextEdit[] | null | undefined): TextEdit[] {
  if (!edits) return [];
  try {
    assertValidEdits(piece, edits);
    return edits;
  } catch {
    return [];
  }
}

function sourceOf(layer: string): PieceSource {
  if (layer === 'postgres' || layer === 'gemini') return layer;
  // 'l1' is an in-process copy of what Redis holds.
  return 'redis';
}

export function fallbackReasonOf(err: unknown): FallbackReason {
  if (err instanceof QuotaExceededError) return 'quota';
  if (err instanceof CircuitOpenError) return 'circuit-open';
  if (err instanceof GeminiNotConfiguredError) return 'unconfigured';
  if (err instanceof UnusableAnswerError) return 'invalid-answer';
  return 'upstream-error';
}
