import { Injectable } from '@nestjs/common';

import { CorrectionService } from '#src/correction/correction.service.js';
import { MAX_TEXT_LENGTH } from '#src/correction/dto/correction.schemas.js';
import { PayloadTooLargeError } from '#src/infra/http/errors.js';
import type { LANGUAGES } from '#src/settings/settings.model.js';
import { SettingsService } from '#src/settings/settings.service.js';

import { LanguageToolDocument } from './lt-document.js';
import { LanguageToolError } from './lt-error.js';
import { resolveLanguage } from './lt-languages.js';
import { type LanguageToolMatch, sentenceRanges, toMatches } from './lt-matches.js';
import { isEnabledByName, ruleSelection, selectMatches } from './lt-rule-selection.js';
import { SOFTWARE } from './lt-software.js';

export type LanguageToolParams = Record<string, string | undefined>;

export interface CheckResponse {
  software: typeof SOFTWARE;
  warnings: { incompleteResults: boolean };
  language: {
    name: string;
    code: string;
    detectedLanguage: { name: string; code: string; confidence: number; source: string };
  };
  matches: LanguageToolMatch[];
  sentenceRanges: [number, number][];
}

const MODES = new Set(['all', 'textLevelOnly', 'allButTextLevelOnly']);
const LEVELS = new Set(['default', 'picky']);

/**
 * `/v2/check` translated onto the native API: the document's plain text goes through
 * `CorrectionService.check` (the very path of `/api/v1/llm/correct`: settings, sentence cache, Gemini,
 * budget, local fallback) for a signed-in caller, or the local checker alone for an anonymous one; the
 * edits come back as LanguageTool matches on the document, markup included.
 */
@Injectable()
export class LanguageToolService {
  public constructor(
    private readonly corrections: CorrectionService,
    private readonly settings: SettingsService,
  ) {}

  public async check(userId: string | null, params: LanguageToolParams): Promise<CheckResponse> {
    const doc = LanguageToolDocument.fromParams(params.text, params.data);
    if (doc.plain.length > MAX_TEXT_LENGTH)
      throw new PayloadTooLargeError(
        `text is ${doc.plain.length} characters; at most ${MAX_TEXT_LENGTH} are accepted`,
      );
    const mode = params.mode ?? 'all';
    if (!MODES.has(mode)) throw new LanguageToolError(400, `'mode' must be one of ${[...MODES].join(', ')}`);
    if (params.level !== undefined && !LEVELS.has(params.level))
      throw new LanguageToolError(400, "'level' must be 'default' or 'picky'");
    const userSettings = userId ? await this.settings.getForUser(userId) : undefined;
    const language = resolveLanguage(
      params.language,
      params.preferredVariants,
      userSettings?.language as (typeof LANGUAGES)[number] | undefined,
    );
    const base = {
      software: SOFTWARE,
      language: {
        name: language.name,
        code: language.code,
        detectedLanguage: {
          name: language.name,
          code: language.code,
          confidence: 1,
          source: language.source,
        },
      },
    };
    // ProsePolish has no text-level rules: `textLevelOnly` finds nothing, and the two halves a client
    // sends separately (textLevelOnly + allButTextLevelOnly) never repeat a match.
    if (mode === 'textLevelOnly' || doc.plain.trim() === '')
      return { ...base, warnings: { incompleteResults: false }, matches: [], sentenceRanges: [] };

    const outcome = await this.corrections.check(
      userId,
      { text: doc.plain, language: language.code },
      { picky: true },
    );
    const selection = ruleSelection(params, userSettings?.disabledRules ?? []);
    const found = toMatches(doc, outcome.edits, outcome.sentences, language.code);
    // The opinions (typography, register, local style) are off at the default level unless the request names their rule or
    // category, as LanguageTool turns on a default-off rule named in `enabledRules`.
    const matches = selectMatches(
      found.filter(
        (match, i) =>
          params.level === 'picky' ||
          !this.corrections.isOpinion(outcome.edits[i]!) ||
          isEnabledByName(match, selection),
      ),
      selection,
    );
    return {
      ...base,
      // Sentences the model had not answered by the deadline came from the local checker instead.
      warnings: { incompleteResults: outcome.fallback === 'deadline' },
      matches,
      sentenceRanges: sentenceRanges(doc, outcome.sentences),
    };
  }
}
