import { LANGUAGES } from '#src/settings/settings.model.js';

import { LanguageToolError } from './lt-error.js';

type Variant = (typeof LANGUAGES)[number];

/** LanguageTool's names for the variants ProsePolish checks. */
const NAMES: Record<Variant, string> = {
  'en-US': 'English (US)',
  'en-GB': 'English (GB)',
  'en-AU': 'English (Australian)',
  'en-CA': 'English (Canadian)',
};

/** `GET /v2/languages`: the supported variants. */
export const LT_LANGUAGES = LANGUAGES.map((longCode) => ({ name: NAMES[longCode], code: 'en', longCode }));

export interface ResolvedLanguage {
  code: Variant;
  name: string;
  /** How it was chosen: asked for, or `auto` / `en` resolved from preferences or settings. */
  source: 'request' | 'preferredVariants' | 'settings' | 'default';
}

const byLowerCase = new Map(LANGUAGES.map((v) => [v.toLowerCase(), v]));

/**
 * `language`: `auto` (a `preferredVariants` entry, else the user's setting, else en-US), `en` (the user's
 * variant, else en-US), or one of the variants as given. `preferredVariants` counts only with `auto`:
 * some clients always send it.
 */
export function resolveLanguage(
  language: string | undefined,
  preferredVariants: string | undefined,
  userVariant: Variant | undefined,
): ResolvedLanguage {
  if (!language)
    throw new LanguageToolError(400, "Missing 'language' parameter, e.g. language=en-US or language=auto");
  const asked = language.trim().toLowerCase().replace('_', '-');
  const named = (code: Variant, source: ResolvedLanguage['source']) => ({ code, name: NAMES[code], source });
  if (asked === 'auto') {
    const preferred = (preferredVariants ?? '')
      .split(',')
      .map((v) => byLowerCase.get(v.trim().toLowerCase().replace('_', '-')))
      .find((v) => v !== undefined);
    if (preferred) return named(preferred, 'preferredVariants');
  }
  if (asked === 'auto' || asked === 'en')
    return userVariant ? named(userVariant, 'settings') : named('en-US', 'default');
  const exact = byLowerCase.get(asked);
  if (exact) return named(exact, 'request');
  throw new LanguageToolError(
    400,
    `'${language.slice(0, 35)}' is not a supported language code. Supported: auto, en, ${LANGUAGES.join(', ')}`,
  );
}
