import { z } from 'zod';

/**
 * Control characters (C0, DEL, C1) have no place in a name or an address a person types: PostgreSQL's
 * text refuses NUL outright (a 500 before this check), and a line break or an escape sequence in a name
 * breaks every list and log line that shows it.
 */
export const hasNoControlCharacters = (s: string): boolean => !/\p{Cc}/u.test(s);
export const NO_CONTROL_CHARACTERS = 'must not contain control characters';

/** A short name a person gives something (their display name, an API key's name): trimmed, 1 to `maxLength` characters. */
export function labelSchema(maxLength: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(maxLength, `must be at most ${maxLength} characters`)
    .refine(hasNoControlCharacters, NO_CONTROL_CHARACTERS);
}
