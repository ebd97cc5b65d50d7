import { describe, expect, it } from 'vitest';

import { CacheService } from '#src/infra/cache/cache.service.js';
import { strictMock } from '#test/helpers/strict-mock.js';

import { DictionaryService } from './dictionary.service.js';
import type { DictionaryEntries } from './dictionary-entry.js';
import { DictionaryLayers } from './dictionary-layers.js';
import { DictionaryLookupCounter } from './dictionary-lookup-counter.js';

const ENTRIES = [{ word: 'x', meanings: [] }] as unknown as DictionaryEntries;

/** DictionaryService with strict mocks: what a batch reads, charges and loads, and nothing else. */
describe('DictionaryService (strict mocks)', () => {
  const build = () => {
    const cache = strictMock(CacheService, {
      getMany: async () => new Map([['en:hello', ENTRIES]]),
      getOrLoad: async () => ({ found: true, value: ENTRIES, source: 'free-dictionary' }),
    });
    const layers = strictMock(DictionaryLayers, { forWord: () => [] });
    const counter = strictMock(DictionaryLookupCounter, { record: () => undefined });
    return { service: new DictionaryService(cache, layers, counter), cache, layers, counter };
  };

  it('charges the rate limit with the number of uncached words before loading any of them', async () => {
    const { service, cache, layers } = build();
    const order: string[] = [];
    cache.getOrLoad.mockImplementation(async () => {
      order.push('load');
      return { found: true, value: ENTRIES, source: 'free-dictionary' };
    });
    const result = await service.lookupMany(
      ['Hello', 'world', 'again', 'world'],
      { userId: 'u1' },
      async (misses) => {
        order.push(`charge ${misses}`);
      },
    );
    expect(order).toEqual(['charge 2', 'load', 'load']);
    expect(Object.keys(result.results)).toEqual(['Hello', 'world', 'again']);
    // The caller reaches the layers, so a paid source can charge the right user.
    expect(layers.forWord).toHaveBeenCalledWith(
      'world',
      expect.objectContaining({ caller: { userId: 'u1' } }),
    );
  });

  it('looks a word up anonymously when there is no caller (no paid source may run)', async () => {
    const { service, layers } = build();
    await service.lookup('legion');
    expect(layers.forWord).toHaveBeenCalledWith('legion', expect.objectContaining({ caller: undefined }));
  });
});
