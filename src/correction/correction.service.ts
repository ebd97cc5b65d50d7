import { Injectable } from '@nestjs/common';

import { PayloadTooLargeError } from '#src/infra/http/errors.js';
import { PersonalDictionaryService } from '#src/personal-dictionary/personal-dictionary.service.js';
import { defaultSettings } from '#src/settings/settings.model.js';
import { SettingsService } from '#src/settings/settings.service.js';

import { PieceCorrector, type PieceResult } from './caching/piece-corrector.js';
import type { FallbackReason, PieceSource } from './correction.metrics.js';
import { type CorrectRequest, type CorrectResponse, MAX_TEXT_LENGTH } from './dto/correction.schemas.js';
import { assembleDocument } from './edits/document-assembly.js';
import type { TextEdit } from './edits/text-edit.js';
import type { CorrectionStyle } from './prompt/correction-prompt.js';
import { CorrectionProvider } from './providers/correction-provider.js';
import { isPickyOnly } from './providers/local/harper-linter.js';
import { type TextPiece, TextSegmenter } from './segmentation/text-segmenter.js';

export type CacheStatus = 'HIT' | 'MISS' | 'PARTIAL';

export interface CorrectionOutcome {
  body: CorrectResponse;
  /** `X-Cache`: HIT when every sentence came from Redis/PostgreSQL, MISS when none did. */
  cache: CacheStatus;
  /** `X-Cache-Sentences`: how many of the document's sentences came from the cache, of how many. */
  sentences: { cached: number; total: number };
  /** Why (some) sentences came from the local checker, when they did. */
  fallback?: FallbackReason;
}

export interface CheckOptions {
  /**
   * Opinions too, not only mistakes (`isPickyOnly`: typography, register, local style suggestions):
   * LanguageTool's `level=picky`. Unset: any correction mode but `grammar` asks for them.
   */
  picky?: boolean;
}

/** What a check found, before it is shaped for a client: edits keep their rule ids. */
export interface CheckOutcome {
  corrected: string;
  edits: TextEdit[];
  /** The sentences the text was split into (offsets into the text). */
  sentences: TextPiece[];
  /** The language the text was checked as: the request's, else the user's setting. */
  language: string;
  model: string;
  source: CorrectResponse['source'];
  usage: CorrectResponse['usage'];
  cache: CacheStatus;
  /** Per sentence: whether its answer came from Redis or PostgreSQL. */
  cachedSentences: boolean[];
  fallback?: FallbackReason;
}

/**
 * `POST /llm/correct` (and `/v2/check`, which calls `check`): splits the text into sentences, gets each sentence's edits (cache → Gemini → local),
 * drops what the user disabled, and reassembles edits and corrected text for the whole document.
 */
@Injectable()
export class CorrectionService {
  public constructor(
    private readonly settings: SettingsService,
    private readonly segmenter: TextSegmenter,
    private readonly pieces: PieceCorrector,
    private readonly llm: CorrectionProvider,
    private readonly personal: PersonalDictionaryService,
  ) {}

  public async correct(userId: string, request: CorrectRequest): Promise<CorrectionOutcome> {
    const outcome = await this.check(userId, request);
    return {
      body: {
        corrected: outcome.corrected,
        edits: outcome.edits.map(publicEdit),
        model: outcome.model,
        source: outcome.source,
        usage: outcome.usage,
      },
      cache: outcome.cache,
      sentences: { cached: outcome.cachedSentences.filter(Boolean).length, total: outcome.sentences.length },
      fallback: outcome.fallback,
    };
  }

  /**
   * Whether an edit is an opinion rather than a mistake (`isPickyOnly`): what `check` drops unless asked
   * with `picky`. For callers that ask for everything and choose per edit (LanguageTool's `enabledRules`).
   */
  public isOpinion(edit: TextEdit): boolean {
    return isPickyOnly(edit);
  }

  /**
   * `userId` null: an anonymous caller (a LanguageTool client without credentials) — the default settings
   * and the local checker only, never the model.
   */
  public async check(
    userId: string | null,
    request: CorrectRequest,
    options: CheckOptions = {},
  ): Promise<CheckOutcome> {
    if (request.text.length > MAX_TEXT_LENGTH) {
      throw new PayloadTooLargeError(
        `text is ${request.text.length} characters; at most ${MAX_TEXT_LENGTH} are accepted.`,
      );
    }
    const [settings, personalWords] = userId
      ? await Promise.all([this.settings.getForUser(userId), this.personal.wordsOf(userId)])
      : [defaultSettings(), new Set<string>()];
    const style: CorrectionStyle = {
      mode: request.mode ?? settings.correctionMode,
      language: request.language ?? settings.language,
      tone: settings.tone,
    };
    const picky = options.picky ?? style.mode !== 'grammar';
    const skipModel: FallbackReason | null = !userId
      ? 'anonymous'
      : !this.llm.available
        ? 'unconfigured'
        : !settings.llmEnabled
          ? 'disabled'
          : null;

    const segments = this.segmenter.split(request.text);
    // A sentence repeated in the document is looked up (and paid for) once.
    const distinct = [...new Set(segments.map((s) => s.text))];
    const { results, usage } = await this.pieces.correct(distinct, style, userId, skipModel);
    const byText = new Map(distinct.map((text, i) => [text, results[i]]));
    const perSegment = segments.map((s) => byText.get(s.text)!);

    const disabled = new Set(settings.disabledRules.map((r) => r.toLowerCase()));
    const document = assembleDocument(
      request.text,
      segments,
      // After the caches, so a word added to the personal dictionary counts for cached sentences too.
      perSegment.map((r) =>
        r.edits.filter(
          (e) => !isDisabled(e, disabled) && !isPersonalWord(e, personalWords) && (picky || !isPickyOnly(e)),
        ),
      ),
    );
    return {
      corrected: document.corrected,
      edits: document.edits,
      sentences: segments,
      language: style.language,
      model: modelOf(perSegment),
      source: sourceOf(perSegment),
      usage: { promptTokens: usage.promptTokens, completionTokens: usage.completionTokens },
      cache: cacheStatusOf(perSegment),
      cachedSentences: perSegment.map(isCached),
      fallback: perSegment.find((r) => r.fallback)?.fallback,
    };
  }
}

/** A spelling "mistake" the writer put in their personal dictionary (either checker). */
function isPersonalWord(edit: TextEdit, words: ReadonlySet<string>): boolean {
  return edit.category === 'spelling' && PersonalDictionaryService.includes(words, edit.original);
}

/** A disabled rule id matches an edit's category (`spelling`) or the local checker's rule (`SpellCheck`). */
function isDisabled(edit: TextEdit, disabled: ReadonlySet<string>): boolean {
  return disabled.has(edit.category) || (edit.rule !== undefined && disabled.has(edit.rule.toLowerCase()));
}

function publicEdit({
  offset,
  length,
  original,
  replacement,
  message,
  category,
  alternatives,
}: TextEdit): Omit<TextEdit, 'rule'> {
  const edit = { offset, length, original, replacement, message, category };
  return alternatives?.length ? { ...edit, alternatives } : edit;
}

function sourceOf(results: readonly PieceResult[]): CorrectResponse['source'] {
  const sources = new Set<PieceSource>(results.map((r) => r.source));
  if (sources.size === 1) return [...sources][0];
  // An empty document cannot get here (the request schema refuses blank text); say 'local' regardless.
  return sources.size === 0 ? 'local' : 'mixed';
}

function isCached(result: PieceResult): boolean {
  return result.source === 'redis' || result.source === 'postgres' || result.cached === true;
}

function cacheStatusOf(results: readonly PieceResult[]): CacheStatus {
  const cached = results.filter(isCached).length;
  if (cached === 0) return 'MISS';
  return cached === results.length ? 'HIT' : 'PARTIAL';
}

function modelOf(results: readonly PieceResult[]): string {
  return [...new Set(results.map((r) => r.model))]
    .sort((a, b) => (a === 'harper' ? 1 : b === 'harper' ? -1 : a.localeCompare(b)))
    .join('+');
}
