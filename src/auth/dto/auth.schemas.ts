import { z } from 'zod';

import { hasNoControlCharacters, NO_CONTROL_CHARACTERS } from '#src/infra/http/label.schema.js';

import { newPasswordSchema, presentedPasswordSchema } from '../passwords/password.policy.js';
import { displayNameSchema } from '../users/dto/users.schemas.js';
import { emailSchema, normalizeEmail } from '../users/email.js';

export const registerSchema = z.strictObject({
  email: emailSchema,
  password: newPasswordSchema,
  displayName: displayNameSchema.optional(),
});
export type RegisterBody = z.infer<typeof registerSchema>;

/** Login only bounds its input: whether it names an account is decided by the one 401, not by a 400. */
export const loginSchema = z.strictObject({
  email: z
    .string()
    .min(1, 'is required')
    .max(254)
    .refine(hasNoControlCharacters, NO_CONTROL_CHARACTERS)
    .transform(normalizeEmail),
  password: presentedPasswordSchema,
});
export type LoginBody = z.infer<typeof loginSchema>;

/** `refreshToken` may be left out by a browser that holds it in the `pp_refresh` cookie instead. */
export const refreshSchema = z.strictObject({
  refreshToken: z.string().min(1, 'is required').max(512).optional(),
});
export type RefreshBody = z.infer<typeof refreshSchema>;
