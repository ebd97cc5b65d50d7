import { z } from 'zod';

/**
 * The settings domain: allowed values, defaults and the shape services and callers speak.
 * Request schemas (strict, for the API) live in `dto/`; this file also holds the lenient reader for
 * what is already stored, so a row written by an older release never breaks a read.
 */

export const LANGUAGES = ['en-US', 'en-GB', 'en-AU', 'en-CA'] as const;
export const TONES = ['neutral', 'formal', 'friendly', 'academic'] as const;
/** The modes of `POST /llm/correct`; the correction module uses the user's choice as its default. */
export const CORRECTION_MODES = ['grammar', 'clarity', 'concise', 'formal', 'friendly'] as const;
export const THEMES = ['light', 'dark', 'system'] as const;

export const MAX_DISABLED_RULES = 200;
/** Rule ids come from the grammar checkers (e.g. Harper's `SpellCheck`, `en.a_an`); nothing fancier. */
export const RULE_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

export type Language = (typeof LANGUAGES)[number];
export type Tone = (typeof TONES)[number];
export type CorrectionMode = (typeof CORRECTION_MODES)[number];
export type Theme = (typeof THEMES)[number];

/** What a user chooses. */
export interface SettingsValues {
  language: Language;
  tone: Tone;
  correctionMode: CorrectionMode;
  /** Rule ids the checkers must not report; unique, in the order the user gave them. */
  disabledRules: string[];
  autoLookup: boolean;
  theme: Theme;
  /** false: corrections stay local (no Gemini call). */
  llmEnabled: boolean;
}

/**
 * A user's settings as read. `version` is 0 while the user has never saved (the defaults, not stored),
 * then 1, 2, … — incremented by PostgreSQL on every write.
 */
export interface UserSettings extends SettingsValues {
  version: number;
}

export const DEFAULT_SETTINGS: Readonly<SettingsValues> = Object.freeze({
  language: 'en-US',
  tone: 'neutral',
  correctionMode: 'grammar',
  disabledRules: [],
  autoLookup: true,
  theme: 'system',
  llmEnabled: true,
});

/** Version of settings that were never saved. */
export const UNSAVED_VERSION = 0;

export function defaultSettings(): UserSettings {
  return { ...DEFAULT_SETTINGS, disabledRules: [], version: UNSAVED_VERSION };
}

/** Unique rule ids, first occurrence wins (keeps the user's order). */
export function uniqueRuleIds(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/**
 * Reads a stored `data` document field by field: a missing or no-longer-valid field falls back to its
 * default and unknown fields are dropped. Values are validated on the way in, so this only matters
 * when the allowed values change between releases.
 */
const storedSettingsSchema = z.object({
  language: z.enum(LANGUAGES).catch(DEFAULT_SETTINGS.language),
  tone: z.enum(TONES).catch(DEFAULT_SETTINGS.tone),
  correctionMode: z.enum(CORRECTION_MODES).catch(DEFAULT_SETTINGS.correctionMode),
  disabledRules: z
    .array(z.string())
    .catch(() => [])
    .transform((ids) =>
      uniqueRuleIds(ids.filter((id) => RULE_ID_PATTERN.test(id))).slice(0, MAX_DISABLED_RULES),
    ),
  autoLookup: z.boolean().catch(DEFAULT_SETTINGS.autoLookup),
  theme: z.enum(THEMES).catch(DEFAULT_SETTINGS.theme),
  llmEnabled: z.boolean().catch(DEFAULT_SETTINGS.llmEnabled),
});

export function settingsFromStorage(data: unknown, version: number): UserSettings {
  const document = typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {};
  return { ...storedSettingsSchema.parse(document), version };
}

/** A write: PUT replaces every field, PATCH merges the fields it names. */
export type SettingsChange =
  { kind: 'replace'; values: SettingsValues } | { kind: 'merge'; fields: Partial<SettingsValues> };

/** The values a change produces on top of `base`. */
export function applyChange(base: Readonly<SettingsValues>, change: SettingsChange): SettingsValues {
  return change.kind === 'replace' ? { ...change.values } : { ...base, ...change.fields };
}
