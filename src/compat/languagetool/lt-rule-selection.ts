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

/** Whether the request names the match's rule or category in `enabledRules` or `enabledCategories`. */
export function isEnabledByName({ rule }: LanguageToolMatch, selection: RuleSelection): boolean {
  return (
    selection.enabledRules.has(rule.id.toUpperCase()) ||
    selection.enabledCategories.has(rule.category.id.toUpperCase())
  );
}

/**
 * With `enabledOnly=true` only the listed rules and categories apply; otherwise every rule applies except
 * the disabled ones. (Rules off at the default level — the opinions `level=picky` adds — are turned on by
 * naming them or their category, as in LanguageTool: the service keeps those matches, see `isEnabledByName`.)
 */
export function selectMatches(matches: LanguageToolMatch[], selection: RuleSelection): LanguageToolMatch[] {
  return matches.filter(({ rule }) => {
    const id = rule.id.toUpperCase();
    const category = rule.category.id.toUpperCase();
    if (selection.enabledOnly) return isEnabledByName({ rule } as LanguageToolMatch, selection);
    return !selection.disabledRules.has(id) && !selection.disabledCategories.has(category);
  });
}
