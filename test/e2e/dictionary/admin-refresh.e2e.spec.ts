import { EventEmitter2 } from '@nestjs/event-emitter';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { type DictionaryEntryRefreshedEvent, DictionaryEvents } from '#src/dictionary/dictionary.cache.js';

import { createAdmin } from '../../helpers/auth.js';
import { type TestApp } from '../../helpers/test-app.js';
import {
  type DictionaryHarness,
  fixture,
  type Lookup,
  startDictionaryHarness,
} from './dictionary-harness.js';

/** How long instance B may keep serving its L1 copy after A's refresh (the bus is asynchronous). */
const PROPAGATION_BOUND_MS = 2_000;

describe('DELETE /api/v1/admin/dictionary/:word, with L1 on two instances', () => {
  let h: DictionaryHarness;
  let b: { app: TestApp; lookup(word: string): Promise<Lookup> };
  let adminToken: string;

  beforeAll(async () => {
    h = await startDictionaryHarness({ CACHE_L1_ENABLED: 'true' });
    b = await h.anotherInstance();
    adminToken = (await createAdmin(h.app)).accessToken;
  });
  afterAll(() => h?.close());
  beforeEach(() => h.fake.reset());

  const refresh = (word: string, token = adminToken) =>
    h.app.request(`/api/v1/admin/dictionary/${encodeURIComponent(word)}`, { method: 'DELETE', token });

  it('an in-process (L1) hit says X-Source: redis with X-Cache-Layer: l1', async () => {
    const json = 'application/json; charset=utf-8';
    expect(await h.lookup('hello')).toMatchObject({
      status: 200,
      source: 'free-dictionary',
      layer: null,
      contentType: json,
    });
    const again = await h.lookup('hello');
    expect(again).toMatchObject({
      status: 200,
      cache: 'HIT',
      source: 'redis',
      layer: 'l1',
      contentType: json,
    });
    expect(again.body).toEqual(fixture('hello'));
    // Later hits send the bytes the first L1 hit made: the same body.
    expect(await h.lookup('hello')).toMatchObject({ layer: 'l1', contentType: json, body: fixture('hello') });
  });

  it('is for admins only', async () => {
    const anonymous = await h.app.request('/api/v1/admin/dictionary/legion', { method: 'DELETE' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ type: 'https://prosepolish.dev/problems/unauthorized' });
    const user = await refresh('legion', h.token);
    expect(user.status).toBe(403);
    expect(await user.json()).toMatchObject({
      type: 'https://prosepolish.dev/problems/forbidden',
      status: 403,
    });
  });

  it('drops the PostgreSQL, Redis and every L1 copy and emits dictionary.entry.refreshed', async () => {
    const events: DictionaryEntryRefreshedEvent[] = [];
    h.app.app
      .get(EventEmitter2)
      .on(DictionaryEvents.entryRefreshed, (e: DictionaryEntryRefreshedEvent) => events.push(e));

    // Both instances hold legion in L1; PostgreSQL and Redis hold it too.
    expect((await h.lookup('legion')).source).toBe('free-dictionary');
    expect(await b.lookup('legion')).toMatchObject({ source: 'redis' });
    expect(await b.lookup('legion')).toMatchObject({ layer: 'l1' });
    expect(await h.storedRow('legion')).toBeDefined();

    const res = await refresh('  Legion ');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ word: 'legion', language: 'en', removedFromDatabase: true });
    expect(events).toEqual([{ word: 'legion', language: 'en' }]);
    expect(await h.storedRow('legion')).toBeUndefined();
    expect(await h.evictFromRedis('legion')).toBe(0); // already gone

    // A asks the source again at once; B does too once the bus message has arrived.
    expect(await h.lookup('legion')).toMatchObject({ status: 200, source: 'free-dictionary' });
    const started = performance.now();
    let fromB = await b.lookup('legion');
    while (fromB.layer === 'l1' && performance.now() - started < PROPAGATION_BOUND_MS) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      fromB = await b.lookup('legion');
    }
    expect(fromB).toMatchObject({ status: 200, source: 'redis', layer: null }); // A's fresh copy
    expect(h.fake.count('legion')).toBe(2);
    expect(await h.storedRow('legion')).toMatchObject({ source: 'free-dictionary' });
  });

  it('also forgets a remembered "not found"', async () => {
    const notFound = { status: 404, body: { type: 'https://prosepolish.dev/problems/word-not-found' } };
    expect(await h.lookup('qwzxvbn')).toMatchObject(notFound);
    h.fake.addWord('qwzxvbn', [{ ...(fixture('legion') as object[])[0], word: 'qwzxvbn' }]);
    expect(await h.lookup('qwzxvbn')).toMatchObject(notFound); // still remembered

    const res = await refresh('qwzxvbn');
    expect(await res.json()).toEqual({ word: 'qwzxvbn', language: 'en', removedFromDatabase: false });
    expect(await h.lookup('qwzxvbn')).toMatchObject({
      status: 200,
      source: 'free-dictionary',
      body: [expect.objectContaining({ word: 'qwzxvbn' })],
    });
  });

  it('refuses what is not a word', async () => {
    const res = await refresh('../x');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      type: 'https://prosepolish.dev/problems/validation-failed',
      errors: [{ field: 'word', message: expect.any(String) }],
    });
  });
});
