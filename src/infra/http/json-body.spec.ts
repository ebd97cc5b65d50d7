import { describe, expect, it } from 'vitest';

import { jsonBody } from './json-body.js';

describe('jsonBody (a cached value serialized once)', () => {
  it('keeps the bytes of a frozen value and hands the same ones to every response', () => {
    const entries = Object.freeze([Object.freeze({ word: 'naïve', phonetic: '/naɪˈiːv/' })]);
    const first = jsonBody(entries);
    expect(Buffer.isBuffer(first)).toBe(true);
    expect(JSON.parse(first.toString('utf8'))).toEqual([{ word: 'naïve', phonetic: '/naɪˈiːv/' }]);
    expect(jsonBody(entries)).toBe(first);
    // Its own memory, exactly the body's size: not a slice of a shared pool that it would keep alive.
    expect((first as Buffer).buffer.byteLength).toBe(Buffer.byteLength(JSON.stringify(entries)));
  });

  it('serializes a value that may still change every time, as Fastify would', () => {
    const entries = [{ word: 'legion' }];
    expect(jsonBody(entries)).toBe('[{"word":"legion"}]');
    entries[0].word = 'legions';
    expect(jsonBody(entries)).toBe('[{"word":"legions"}]');
  });
});
