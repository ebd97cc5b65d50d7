import { z } from 'zod';

/**
 * The Free Dictionary API's entry format (https://dictionaryapi.dev), which this API returns unchanged
 * whichever layer answered. The schema validates what comes from outside (the Free Dictionary API,
 * Gemini, old PostgreSQL rows) and keeps only these fields, in this nesting.
 */
const license = z.object({ name: z.string(), url: z.string() });

const phonetic = z.object({
  text: z.string().optional(),
  audio: z.string().optional(),
  sourceUrl: z.string().optional(),
  license: license.optional(),
});

const definition = z.object({
  definition: z.string().min(1),
  example: z.string().optional(),
  synonyms: z.array(z.string()).default([]),
  antonyms: z.array(z.string()).default([]),
});

const meaning = z.object({
  partOfSpeech: z.string(),
  definitions: z.array(definition).min(1),
  synonyms: z.array(z.string()).default([]),
  antonyms: z.array(z.string()).default([]),
});

export const dictionaryEntrySchema = z.object({
  word: z.string().min(1),
  phonetic: z.string().optional(),
  phonetics: z.array(phonetic).default([]),
  meanings: z.array(meaning).min(1),
  license: license.optional(),
  sourceUrls: z.array(z.string()).default([]),
});

export const dictionaryEntriesSchema = z.array(dictionaryEntrySchema);

export type DictionaryLicense = z.infer<typeof license>;
export type DictionaryEntry = z.infer<typeof dictionaryEntrySchema>;
export type DictionaryMeaning = z.infer<typeof meaning>;
export type DictionaryDefinition = z.infer<typeof definition>;
/** What a lookup answers: one entry per etymology/homograph, as the Free Dictionary API does. */
export type DictionaryEntries = DictionaryEntry[];

/** Layers that can answer a word; the first three are also the `source` stored in PostgreSQL. */
export type DictionarySourceName = 'free-dictionary' | 'wordnet' | 'gemini';

export const DICTIONARY_LANGUAGE = 'en';
