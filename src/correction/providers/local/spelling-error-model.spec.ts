import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { describe, expect, it } from 'vitest';

// The training script is a tool outside src/, run by `npm run checker:error-model`.
// eslint-disable-next-line no-restricted-imports
import {
  renderCounts,
  trainingPairs,
  trainSpellingErrorCounts,
} from '../../../../scripts/spelling-error-model.mjs';
import { SpellingErrorModel } from './spelling-error-model.js';

describe('SpellingErrorModel (learned from misspellings the benchmark does not measure)', () => {
  const model = new SpellingErrorModel();

  it('finds two neighbouring letters swapped likelier than a letter changed, and far likelier than an unrelated one', () => {
    expect(model.cost('idaes', 'ideas')).toBeLessThan(model.cost('idaes', 'idles'));
    expect(model.cost('idaes', 'ideas') + 2).toBeLessThan(model.cost('ixeas', 'ideas'));
  });

  it('finds a vowel for a vowel likelier than a consonant for a consonant', () => {
    expect(model.cost('definate', 'definite')).toBeLessThan(model.cost('defidite', 'definite'));
  });

  it('finds a moved letter likelier than three letters reversed', () => {
    expect(model.cost('tounge', 'tongue')).toBeLessThan(model.cost('tgnoue', 'tongue'));
  });

  it('costs nothing for the word itself, and stops at the limit', () => {
    expect(model.cost('house', 'house')).toBe(0);
    expect(model.cost('house', 'xylophone', 3)).toBe(Infinity);
  });

  it('was trained without a single misspelling of the quality benchmark', () => {
    const benchmark = createRequire(import.meta.url)('misspellings/dict/lc-dictionary.json') as Record<
      string,
      string
    >;
    const pairs = trainingPairs();
    expect(pairs.length).toBeGreaterThan(50_000);
    expect(pairs.filter(([typed]) => Object.hasOwn(benchmark, typed))).toEqual([]);
  });

  it('ships the counts its training script makes from the installed packages (regenerate: npm run checker:error-model)', () => {
    const committed = readFileSync(new URL('./spelling-error-counts.ts', import.meta.url), 'utf8');
    expect(committed).toBe(renderCounts(trainSpellingErrorCounts()));
  });
});
