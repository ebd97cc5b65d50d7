import { z } from 'zod';

import { dictionaryEntriesSchema } from '../dictionary-entry.js';

export const MAX_BATCH_WORDS = 100;

/**
 * `POST /dictionary/lookup`. Each word is normalised and validated by the service (so the 400 can name
 * every invalid word); the schema only bounds the request's size and shape.
 */
export const lookupBatchSchema = z
  .strictObject({
    words: z
      .array(z.string().max(512, 'must be at most 512 characters'))
      .min(1, 'must hold at least one word')
      .max(MAX_BATCH_WORDS, `must hold at most ${MAX_BATCH_WORDS} words`)
      .describe('Words as they appear in the text; each is trimmed, NFC-normalised and lower-cased.'),
  })
  .meta({ id: 'DictionaryLookupBatch' });
export type LookupBatchBody = z.infer<typeof lookupBatchSchema>;

/** The Free Dictionary API's entry list, documented once for Swagger. */
export const dictionaryEntriesResponseSchema = dictionaryEntriesSchema.meta({ id: 'DictionaryEntries' });

export const lookupBatchResponseSchema = z
  .object({
    results: z
      .record(z.string(), dictionaryEntriesResponseSchema.nullable())
      .describe(
        'For each word as sent: its entries, or null when no source knows it (or, see `unavailable`, none could answer).',
      ),
    unavailable: z
      .array(z.string())
      .optional()
      .describe('Words that could not be looked up because a source was down; retry them later.'),
  })
  .meta({ id: 'DictionaryLookupBatchResult' });

export const refreshResultSchema = z
  .object({
    word: z.string(),
    language: z.string(),
    removedFromDatabase: z
      .boolean()
      .describe('Whether PostgreSQL held a copy (Redis and every L1 are dropped either way).'),
  })
  .meta({ id: 'DictionaryRefreshResult' });
export type RefreshResult = z.infer<typeof refreshResultSchema>;
