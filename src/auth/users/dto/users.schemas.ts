import { z } from 'zod';

import { newPasswordSchema, presentedPasswordSchema } from '#src/auth/passwords/password.policy.js';
import { labelSchema } from '#src/infra/http/label.schema.js';

export const displayNameSchema = labelSchema(80);

/**
 * `PATCH /users/me`: strict, so `role` (or any other field) is a 400 that changes nothing. A password
 * change needs both `currentPassword` and `newPassword`.
 */
export const updateMeSchema = z
  .strictObject({
    displayName: displayNameSchema.nullable().optional(),
    currentPassword: presentedPasswordSchema.optional(),
    newPassword: newPasswordSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.currentPassword === undefined) !== (body.newPassword === undefined)) {
      const missing = body.currentPassword === undefined ? 'currentPassword' : 'newPassword';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'is required to change the password' });
    }
    if (
      body.displayName === undefined &&
      body.newPassword === undefined &&
      body.currentPassword === undefined
    ) {
      ctx.addIssue({ code: 'custom', path: [], message: 'must change at least one field' });
    }
  });
export type UpdateMeBody = z.infer<typeof updateMeSchema>;
