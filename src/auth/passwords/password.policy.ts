import { z } from 'zod';

export const PASSWORD_MIN_CHARS = 8;
export const PASSWORD_MAX_CHARS = 128;
/** argon2 hashes any length, but an attacker should not make us hash megabytes: bound the bytes too. */
export const PASSWORD_MAX_BYTES = 512;

/**
 * Passwords are compared as NFC so the same passphrase typed on two keyboards (composed vs decomposed
 * accents) is the same password. Applied before hashing and before verifying.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

/** A new password (register, change): length limits per OWASP ASVS 2.1.1/2.1.2, nothing else. */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_CHARS, `must be at least ${PASSWORD_MIN_CHARS} characters`)
  .max(PASSWORD_MAX_CHARS, `must be at most ${PASSWORD_MAX_CHARS} characters`)
  .refine((p) => Buffer.byteLength(p) <= PASSWORD_MAX_BYTES, `must be at most ${PASSWORD_MAX_BYTES} bytes`)
  .transform(normalizePassword);

/** A password being checked (login, current password): only bounded, so old accounts still log in. */
export const presentedPasswordSchema = z
  .string()
  .min(1, 'is required')
  .max(PASSWORD_MAX_CHARS, `must be at most ${PASSWORD_MAX_CHARS} characters`)
  .refine((p) => Buffer.byteLength(p) <= PASSWORD_MAX_BYTES, `must be at most ${PASSWORD_MAX_BYTES} bytes`)
  .transform(normalizePassword);
