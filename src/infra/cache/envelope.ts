/**
 * What every tier stores: the value plus enough metadata to judge it without trusting it blindly.
 * Serialized as compact JSON; field names are one letter because the envelope rides on every entry.
 */
export interface Envelope<T = unknown> {
  /** Envelope format. Anything else is treated as a miss. */
  v: number;
  /** Stored at (epoch ms). */
  t: number;
  /** Hard expiry (epoch ms): lets a slower tier backfill a faster one with the remaining TTL only. */
  e: number;
  /** Soft expiry (epoch ms): past it the value is stale (served while one refresh runs). */
  s?: number;
  /** Schema version of the namespace's value type (absent = 0). */
  w?: number;
  /** The value (absent for negative entries). */
  d?: T;
  /** 1 = negative entry: "not found anywhere" was cached. */
  n?: 1;
}

export const ENVELOPE_FORMAT = 1;

export interface WrapOptions {
  ttlMs: number;
  softTtlMs?: number;
  schemaVersion?: number;
  now?: number;
}

export function wrapValue<T>(value: T, options: WrapOptions): Envelope<T> {
  const now = options.now ?? Date.now();
  const env: Envelope<T> = { v: ENVELOPE_FORMAT, t: now, e: now + options.ttlMs, d: value };
  // A soft TTL at or past the hard TTL would never be reached: leave it out.
  if (options.softTtlMs !== undefined && options.softTtlMs < options.ttlMs) env.s = now + options.softTtlMs;
  if (options.schemaVersion) env.w = options.schemaVersion;
  return env;
}

export function wrapNotFound(options: WrapOptions): Envelope<never> {
  const now = options.now ?? Date.now();
  const env: Envelope<never> = { v: ENVELOPE_FORMAT, t: now, e: now + options.ttlMs, n: 1 };
  if (options.schemaVersion) env.w = options.schemaVersion;
  return env;
}

export function serializeEnvelope(env: Envelope): string {
  return JSON.stringify(env);
}

/**
 * Parses what a tier returned. Returns undefined — a miss — for anything that is not a current,
 * unexpired envelope of this namespace's schema version: corrupt JSON, another format, another
 * schema version, a value past its hard expiry (a tier that does not expire on its own).
 */
export function parseEnvelope<T>(
  raw: string | undefined,
  schemaVersion = 0,
  now = Date.now(),
): Envelope<T> | undefined {
  if (raw === undefined) return undefined;
  let env: Envelope<T>;
  try {
    env = JSON.parse(raw) as Envelope<T>;
  } catch {
    return undefined;
  }
  if (typeof env !== 'object' || env === null || env.v !== ENVELOPE_FORMAT) return undefined;
  if (typeof env.t !== 'number' || typeof env.e !== 'number' || env.e <= now) return undefined;
  if ((env.w ?? 0) !== schemaVersion) return undefined;
  if (env.n !== 1 && !('d' in env)) return undefined;
  return env;
}

export function isStale(env: Envelope, now = Date.now()): boolean {
  return env.s !== undefined && env.s <= now;
}

export function isNegative(env: Envelope): boolean {
  return env.n === 1;
}

/** Remaining hard TTL, at least 1 ms (callers only ask for envelopes that are still alive). */
export function remainingTtl(env: Envelope, now = Date.now()): number {
  return Math.max(1, env.e - now);
}
