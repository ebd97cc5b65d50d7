import type { LanguageToolMatch } from './lt-matches.js';

/** `enabledRules`, `disabledRules`, `enabledCategories`, `disabledCategories`, `enabledOnly`, with LanguageTool's meaning. */
export interface RuleSelection {
  enabledRules: Set<string>;
  disabledRules: Set<string>;
  enabledCategories: Set<string>;
  disabledCategories: Set<string>;
  enabledOnly: boolean;
}

const list = (value: string | undefined): Set<string> =>
  new Set(
    (value ?? '')
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean),
  );

export function ruleSelection(
  params: Record<string, string | undefined>,
  userDisabled: readonly string[],
): RuleSelection {
  return {
    enabledRules: list(params.enabledRules),
    // The user's own `disabledRules` setting counts too, in LanguageTool ids or ProsePolish categories.
    disabledRules: new Set([...list(params.disabledRules), ...userDisabled.map((r) => r.toUpperCase())]),
    enabledCategories: list(params.enabledCategories),
    disabledCategories: list(params.disabledCategories),
    enabledOnly: params.enabledOnly === 'true',
  };
}

/**
 * With `enabledOnly=true` only the listed rules and categories apply; otherwise every rule applies except
 * the disabled ones (every ProsePolish rule is on by default, so `enabledRules` alone adds nothing).
 */
export function selectMatches(matches: LanguageToolMatch[], selection: RuleSelection): LanguageToolMatch[] {
  return matches.filter(({ rule }) => {
    const id = rule.id.toUpperCase();
    const category = rule.category.id.toUpperCase();
    if (selection.enabledOnly)
      return selection.enabledRules.has(id) || selection.enabledCategories.has(category);
    return !selection.disabledRules.has(id) && !selection.disabledCategories.has(category);
  });
}
