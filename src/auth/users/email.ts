import { z } from 'zod';

/** Emails are stored trimmed and lower-cased (the database CHECKs it), so lookups are case-insensitive. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }))
  .transform(normalizeEmail);
