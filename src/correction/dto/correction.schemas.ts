import { z } from 'zod';

import { languageTagSchema } from '#src/infra/http/language-tag.js';

import { EDIT_CATEGORIES } from '../edits/text-edit.js';
import { CORRECTION_MODES } from '../prompt/correction-prompt.js';

/** Longest text accepted, in UTF-16 code units (what a browser's `maxlength` and `String.length` count). */
export const MAX_TEXT_LENGTH = 10_000;

/**
 * `POST /llm/correct`. The length limit is NOT here: a text over `MAX_TEXT_LENGTH` is a 413 (the service
 * says so), not a 400. Lone surrogates are refused: no offset into such a string is safe for an editor.
 */
export const correctRequestSchema = z
  .strictObject({
    text: z
      .string()
      .refine((t) => t.trim().length > 0, 'must not be empty')
      .refine((t) => t.isWellFormed(), 'must be well-formed Unicode (no lone surrogates)')
      .describe(`The text to correct: 1–${MAX_TEXT_LENGTH} UTF-16 code units (413 beyond).`),
    mode: z
      .enum(CORRECTION_MODES)
      .optional()
      .describe("What to do; defaults to the user's correctionMode setting."),
    language: languageTagSchema
      .optional()
      .describe("Language of the text; defaults to the user's language setting."),
  })
  .meta({ id: 'CorrectRequest' });

export type CorrectRequest = z.infer<typeof correctRequestSchema>;

const editSchema = z
  .object({
    offset: z.number().int().min(0).describe('Start, in UTF-16 code units of the submitted text.'),
    length: z.number().int().min(0).describe('UTF-16 code units replaced (0 = insertion).'),
    original: z.string().describe('text.slice(offset, offset + length)'),
    replacement: z.string(),
    message: z.string().describe('Why, in one sentence.'),
    category: z.enum(EDIT_CATEGORIES),
    alternatives: z
      .array(z.string())
      .optional()
      .describe(
        'Other likely replacements of the same span, likeliest first (the offline checker offers up to two for a misspelling). Absent when there are none.',
      ),
  })
  .meta({ id: 'CorrectionEdit' });

export const correctResponseSchema = z
  .object({
    corrected: z
      .string()
      .describe('The text with every edit applied (exactly what applying `edits` yields).'),
    edits: z.array(editSchema).describe('Sorted by offset, never overlapping.'),
    model: z
      .string()
      .describe('Model that answered, `harper` for the local checker, `<model>+harper` when both did.'),
    source: z
      .enum(['redis', 'postgres', 'gemini', 'local', 'mixed'])
      .describe("Where the sentences' answers came from."),
    usage: z
      .object({ promptTokens: z.number().int(), completionTokens: z.number().int() })
      .describe('Tokens this request made the model spend (0 when everything was cached or local).'),
  })
  .meta({ id: 'CorrectResponse' });

export type CorrectResponse = z.infer<typeof correctResponseSchema>;

const kindTotalsSchema = z.object({
  totalTokens: z.number().int(),
  costUsd: z.number(),
  calls: z.number().int(),
});

const totalsSchema = z.object({
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  totalTokens: z.number().int(),
  costUsd: z.number().describe('Estimated from GEMINI_COST_PER_MILLION_*.'),
  calls: z.number().int(),
  byKind: z
    .object({ correction: kindTotalsSchema, dictionary: kindTotalsSchema })
    .describe(
      'The same calls by what they were for: corrections, and definitions of words no dictionary knows.',
    ),
});

export const usageResponseSchema = z
  .object({
    today: totalsSchema.describe('Since 00:00 UTC.'),
    month: totalsSchema.describe('Since the 1st, 00:00 UTC.'),
    budget: z.object({
      dailyTokens: z.number().int(),
      usedTokens: z.number().int(),
      remainingTokens: z.number().int(),
      resetsAt: z.iso.datetime(),
    }),
  })
  .meta({ id: 'LlmUsage' });

export type UsageResponse = z.infer<typeof usageResponseSchema>;
