import { z } from 'zod';

/** BCP 47's own bound for a tag worth supporting (RFC 5646 §4.4.1): longer is a 400, never a prompt. */
export const MAX_LANGUAGE_TAG_LENGTH = 35;

/** A language tag such as `en-US`: bounded before it is matched, so it can never flow anywhere unbounded. */
export const languageTagSchema = z
  .string()
  .max(MAX_LANGUAGE_TAG_LENGTH, `must be at most ${MAX_LANGUAGE_TAG_LENGTH} characters`)
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag such as en-US');
