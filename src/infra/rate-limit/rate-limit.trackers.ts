import { createHash } from 'node:crypto';

import { normalizeIp } from '@nestjs/throttler';

/** The request fields the trackers read (a Fastify request after the JWT guard ran). */
export interface TrackedRequest {
  ip?: string;
  user?: { id?: string };
  body?: unknown;
}

/**
 * The client address as Fastify resolved it under `TRUST_PROXY`: the socket's peer when no proxy is trusted
 * (a forged X-Forwarded-For changes nothing), the nearest untrusted hop otherwise. IPv6 clients are
 * grouped by /64, since one subscriber usually holds a whole /64 and could otherwise rotate addresses.
 */
export function ipTracker(request: TrackedRequest): string {
  return `ip:${normalizeIp(request.ip ?? 'unknown')}`;
}

/** The signed-in user; the client address for anonymous requests. */
export function userOrIpTracker(request: TrackedRequest): string {
  const id = request.user?.id;
  return id ? `user:${id}` : ipTracker(request);
}

/**
 * The e-mail address a login/register body names, normalised (trimmed, lower-cased) so `Bob@x.io ` and
 * `bob@x.io` share a budget, and hashed so Redis never holds addresses. Undefined without an e-mail
 * (such a body is rejected by validation anyway; the per-IP limit still counts it).
 */
export function emailTracker(request: TrackedRequest): string | undefined {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  if (typeof email !== 'string' || email.trim() === '') return undefined;
  return `email:${emailDigest(email)}`;
}

/** An e-mail address normalised (trimmed, lower-cased) and hashed: keys and cookies never hold addresses. */
export function emailDigest(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 22);
}

/**
 * The e-mail AND the address it is tried from. Counting an e-mail across addresses would let anyone lock
 * its owner out by failing from elsewhere; the per-account bound across addresses is the wrong-password
 * budget of `auth/login/password-guess-limits.ts`, which known devices are exempt from.
 */
export function emailAtAddressTracker(request: TrackedRequest): string | undefined {
  const email = emailTracker(request);
  return email && `${email}@${ipTracker(request)}`;
}
