import { describe, expect, it } from 'vitest';

import { chunk, escapeGlob, keySlot } from './redis-keyspace.js';

describe('redis keyspace helpers', () => {
  it('computes Redis Cluster slots (reference values from the cluster spec and CLUSTER KEYSLOT)', () => {
    expect(keySlot('123456789')).toBe(0x31c3 % 16_384);
    expect(keySlot('foo')).toBe(12_182);
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
    expect(keySlot('pp:lock:{llm:abc}')).toBe(keySlot('llm:abc'));
    expect(keySlot('foo{}{bar}')).toBe(keySlot('foo{}{bar}')); // empty tag: whole key hashed
    expect(keySlot('foo{}{bar}')).not.toBe(keySlot('bar'));
  });

  it('escapes glob metacharacters for SCAN MATCH', () => {
    expect(escapeGlob('pp:dict:a*b?[c]\\')).toBe('pp:dict:a\\*b\\?\\[c\\]\\\\');
  });

  it('chunks', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
