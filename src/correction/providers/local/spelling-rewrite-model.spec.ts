import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

// The training script is a tool outside src/, run by `npm run checker:error-model`.
// eslint-disable-next-line no-restricted-imports
import { renderRewriteCounts } from '../../../../scripts/spelling-error-model.mjs';
import { SpellingErrorModel } from './spelling-error-model.js';
import { SpellingRewriteModel } from './spelling-rewrite-model.js';

describe('SpellingRewriteModel (habits of several letters, learned like the letter model)', () => {
  const rewrites = new SpellingRewriteModel();
  const letters = new SpellingErrorModel();

  it.each([
    ['persue', 'pursue'],
    ['layed', 'laid'],
    ['reccuring', 'recurring'],
  ])('finds %s for %s a habit, likelier than the letter slips it is made of', (typed, intended) => {
    expect(rewrites.cost(typed, intended)).toBeLessThan(letters.cost(typed, intended) - 0.5);
  });

  it('finds "ur" typed as "er" likelier than a swap, where the letter model finds it less likely', () => {
    expect(letters.cost('persue', 'pursue')).toBeGreaterThan(letters.cost('persue', 'peruse'));
    expect(rewrites.cost('persue', 'pursue')).toBeLessThan(rewrites.cost('persue', 'peruse'));
  });

  it('costs nothing for the word itself, and much for an unrelated one', () => {
    expect(rewrites.cost('house', 'house')).toBe(0);
    expect(rewrites.cost('house', 'xylophone')).toBeGreaterThan(10);
  });

  it('ships the rewrites its training script makes from the installed packages (regenerate: npm run checker:error-model)', () => {
    const committed = readFileSync(new URL('./spelling-rewrite-counts.ts', import.meta.url), 'utf8');
    expect(committed).toBe(renderRewriteCounts());
  });
});
