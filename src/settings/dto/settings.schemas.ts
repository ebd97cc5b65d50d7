import { z } from 'zod';

import {
  CORRECTION_MODES,
  LANGUAGES,
  MAX_DISABLED_RULES,
  RULE_ID_PATTERN,
  THEMES,
  TONES,
  uniqueRuleIds,
} from '../settings.model.js';

/**
 * Request and response schemas of `/api/v1/settings`. Strict objects: an unknown field is a 400 naming
 * it, so a typo (`langauge`) is never silently ignored. Swagger documents them from these schemas.
 */

const fields = {
  language: z.enum(LANGUAGES).describe('Spelling and grammar variety.'),
  tone: z.enum(TONES).describe('Default tone of rewrites.'),
  correctionMode: z.enum(CORRECTION_MODES).describe('Default mode of POST /llm/correct.'),
  disabledRules: z
    .array(
      z.string().regex(RULE_ID_PATTERN, 'must be a rule id: 1-64 of letters, digits, "_", ".", ":" or "-"'),
    )
    .max(MAX_DISABLED_RULES, `must hold at most ${MAX_DISABLED_RULES} rule ids`)
    .overwrite(uniqueRuleIds)
    .describe('Rule ids the checkers must not report (duplicates are dropped).'),
  autoLookup: z.boolean().describe('Look words up on selection.'),
  theme: z.enum(THEMES).describe('Editor colour theme.'),
  llmEnabled: z.boolean().describe('false keeps corrections local (no LLM call).'),
};

/** PUT: the complete settings (every field required). */
export const replaceSettingsSchema = z.strictObject(fields).meta({ id: 'ReplaceSettings' });

/** PATCH: any non-empty subset of the fields. */
export const patchSettingsSchema = z
  .strictObject(fields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'must change at least one field')
  .meta({ id: 'PatchSettings' });

/** What every settings endpoint returns (the `ETag` header carries the same version). */
export const settingsResponseSchema = z
  .strictObject({
    ...fields,
    version: z.number().int().min(0).describe('0 until the first save, then incremented by every write.'),
  })
  .meta({ id: 'Settings' });

export type ReplaceSettingsBody = z.infer<typeof replaceSettingsSchema>;
export type PatchSettingsBody = z.infer<typeof patchSettingsSchema>;
