import type { ResponseSchema } from '#src/infra/gemini/gemini-schema.js';
import { CORRECTION_MODES, type CorrectionMode } from '#src/settings/settings.model.js';

import { EDIT_CATEGORIES } from '../edits/text-edit.js';

/**
 * Version of the prompt below. It is part of every cache key: bump it whenever the instructions or the
 * response schema change, and old cached answers stop being served.
 */
export const PROMPT_VERSION = 'correct-v1';

// The modes are the settings' `correctionMode` values: one list, owned by the settings model.
export { CORRECTION_MODES, type CorrectionMode };

/** What a correction is asked for; all of it goes into the cache key. */
export interface CorrectionStyle {
  mode: CorrectionMode;
  language: string;
  /** The user's preferred tone; only the rewriting modes use it (see `toneFor`). */
  tone: string;
}

const MODE_INSTRUCTIONS: Record<CorrectionMode, string> = {
  grammar:
    'Fix only errors: spelling, grammar, punctuation, capitalization, repeated words, wrong words. Do not change style.',
  clarity:
    'Fix errors and rewrite unclear or ambiguous wording so it is easy to understand. Keep the meaning.',
  concise: 'Fix errors and remove wordiness and redundancy. Keep the meaning.',
  formal: 'Fix errors and make the wording formal and professional. Keep the meaning.',
  friendly: 'Fix errors and make the wording warm and friendly. Keep the meaning.',
};

/** Grammar mode ignores tone, so its answers are shared by every tone (one cache entry, not one per tone). */
export function toneFor(style: CorrectionStyle): string {
  return style.mode === 'grammar' ? '-' : style.tone;
}

export function systemInstruction(style: CorrectionStyle): string {
  const tone = toneFor(style);
  return [
    `You are a careful copy editor (prompt ${PROMPT_VERSION}).`,
    `The user sends JSON with numbered pieces of one document written in language "${style.language}".`,
    MODE_INSTRUCTIONS[style.mode],
    tone === '-' ? '' : `Preferred tone: ${tone}.`,
    'For every piece return {"id", "edits"}; edits lists each change in reading order as',
    '{"original", "replacement", "message", "category"} where "original" is copied EXACTLY (same characters,',
    'same case) from that piece and is as short as possible, "replacement" is what replaces it, "message" is',
    `one short sentence explaining why, and "category" is one of: ${EDIT_CATEGORIES.join(', ')}.`,
    'Never overlap edits. To insert text, include a neighbouring word in "original". A piece without problems',
    'gets "edits": []. Return every id exactly once. Do not correct names, code, URLs or quotations.',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The user turn: the pieces as JSON, numbered from 1 (ids are positions in the batch, not in the document). */
export function userContent(style: CorrectionStyle, pieces: readonly string[]): string {
  return JSON.stringify({
    language: style.language,
    mode: style.mode,
    pieces: pieces.map((text, i) => ({ id: i + 1, text })),
  });
}

/** Structured output: the API enforces this shape, so a parse failure means a truncated or broken answer. */
export const RESPONSE_SCHEMA: ResponseSchema = {
  type: 'OBJECT',
  properties: {
    results: {
      type: 'ARRAY',
      items: {
        type: 'OBJECT',
        properties: {
          id: { type: 'INTEGER' },
          edits: {
            type: 'ARRAY',
            items: {
              type: 'OBJECT',
              properties: {
                original: { type: 'STRING' },
                replacement: { type: 'STRING' },
                message: { type: 'STRING' },
                category: { type: 'STRING', enum: [...EDIT_CATEGORIES] },
              },
              required: ['original', 'replacement', 'message', 'category'],
              propertyOrdering: ['original', 'replacement', 'message', 'category'],
            },
          },
        },
        required: ['id', 'edits'],
        propertyOrdering: ['id', 'edits'],
      },
    },
  },
  required: ['results'],
};
