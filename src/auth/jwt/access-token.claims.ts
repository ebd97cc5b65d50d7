import { createSecretKey, type KeyObject } from 'node:crypto';

import { z } from 'zod';

import { USER_ROLES } from '../auth-user.js';

/**
 * The claims of an access token this service signed. `iss`, `aud`, `exp`, `iat` are checked by
 * jsonwebtoken before this schema runs; the schema makes sure the rest is what we put there.
 */
export const accessTokenClaimsSchema = z.object({
  sub: z.uuid(),
  sid: z.uuid(),
  role: z.enum(USER_ROLES as [string, ...string[]]).transform((r) => r as (typeof USER_ROLES)[number]),
  jti: z.string().min(1).max(64),
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  iat: z.number(),
  exp: z.number(),
});

export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;

export const ACCESS_TOKEN_ALGORITHM = 'HS256';
/** Clock skew accepted on `exp`/`nbf`/`iat` between instances; kept small on purpose. */
export const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * The HMAC key as a KeyObject, built once. Given a string, jsonwebtoken first tries to parse it as a PEM
 * public key on every sign/verify (and throws) — measured at ~20% of an authenticated request's CPU.
 */
export function accessTokenKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}
