import { describe, expect, it } from 'vitest';

import {
  isStale,
  parseEnvelope,
  remainingTtl,
  serializeEnvelope,
  wrapNotFound,
  wrapValue,
} from './envelope.js';

describe('envelope', () => {
  const now = 1_000_000;

  it('round-trips a value with stored-at, hard and soft expiry', () => {
    const env = wrapValue({ a: 1 }, { ttlMs: 60_000, softTtlMs: 50_000, now });
    expect(env).toEqual({ v: 1, t: now, e: now + 60_000, s: now + 50_000, d: { a: 1 } });
    expect(parseEnvelope(serializeEnvelope(env), 0, now)).toEqual(env);
    expect(isStale(env, now + 49_999)).toBe(false);
    expect(isStale(env, now + 50_000)).toBe(true);
    expect(remainingTtl(env, now + 10_000)).toBe(50_000);
  });

  it('keeps null and false, and marks negative entries', () => {
    expect(parseEnvelope(serializeEnvelope(wrapValue(null, { ttlMs: 1_000, now })), 0, now)?.d).toBeNull();
    expect(parseEnvelope(serializeEnvelope(wrapValue(false, { ttlMs: 1_000, now })), 0, now)?.d).toBe(false);
    expect(parseEnvelope(serializeEnvelope(wrapNotFound({ ttlMs: 1_000, now })), 0, now)).toMatchObject({
      n: 1,
    });
  });

  it('never hands back garbage: other formats, schema versions, corrupt or expired entries are misses', () => {
    const ok = wrapValue('x', { ttlMs: 1_000, schemaVersion: 2, now });
    expect(parseEnvelope(serializeEnvelope(ok), 2, now)).toBeDefined();
    expect(parseEnvelope(serializeEnvelope(ok), 1, now)).toBeUndefined();
    expect(parseEnvelope(JSON.stringify({ ...ok, v: 2 }), 2, now)).toBeUndefined();
    expect(parseEnvelope(serializeEnvelope(ok), 2, now + 1_000)).toBeUndefined();
    expect(parseEnvelope('{"v":1,"t":1', 0, now)).toBeUndefined();
    expect(parseEnvelope('"just a string"', 0, now)).toBeUndefined();
    expect(parseEnvelope(JSON.stringify({ v: 1, t: now, e: now + 10 }), 0, now)).toBeUndefined();
    expect(parseEnvelope(undefined)).toBeUndefined();
  });

  it('leaves out a soft TTL that would never come before the hard one', () => {
    expect(wrapValue(1, { ttlMs: 1_000, softTtlMs: 1_000, now }).s).toBeUndefined();
  });
});
