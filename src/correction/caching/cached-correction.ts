import { z } from 'zod';

import { assertValidEdits, EDIT_CATEGORIES, type TextEdit } from '../edits/text-edit.js';

/** What is cached per piece (Redis `llm:` and `llm_results.payload`): verified edits relative to the piece. */
export interface CachedCorrection {
  v: 1;
  edits: TextEdit[];
  model: string;
  promptVersion: string;
}

const cachedSchema = z.object({
  v: z.literal(1),
  model: z.string(),
  promptVersion: z.string(),
  edits: z.array(
    z.object({
      offset: z.number().int().min(0),
      length: z.number().int().min(0),
      original: z.string(),
      replacement: z.string(),
      message: z.string(),
      category: z.enum(EDIT_CATEGORIES),
      // The local checker's rule id (what `disabledRules` can name); the model's edits have none.
      rule: z.string().optional(),
      // The local checker's runners-up for a misspelling; the model's edits have none.
      alternatives: z.array(z.string()).optional(),
    }),
  ),
});

/**
 * Reads a cached value back for `piece`, re-verifying it: a stored value that no longer fits (corrupt row,
 * hash collision, older format) is treated as absent rather than served.
 */
export function readCachedCorrection(value: unknown, piece: string): CachedCorrection | null {
  const parsed = cachedSchema.safeParse(value);
  if (!parsed.success) return null;
  try {
    assertValidEdits(piece, parsed.data.edits);
  } catch {
    return null;
  }
  return parsed.data;
}
