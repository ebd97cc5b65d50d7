import { createHash } from 'node:crypto';

/** Keys longer than this, or with characters outside the safe set, are hashed. */
const SAFE_KEY = /^[a-z0-9._@:-]{1,120}$/;

/** Makes arbitrary input safe as a key segment: normalised, and hashed when long or unusual. */
export function keySegment(input: string): string {
  const normalised = input.normalize('NFC').toLowerCase();
  return SAFE_KEY.test(normalised) ? normalised : `h.${sha256(normalised).slice(0, 40)}`;
}

export function sha256(input: string): string {
  return createHash('sha256').update(input).digest('hex');
}
