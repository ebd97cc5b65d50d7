import { describe, expect, it } from 'vitest';

import { CacheService } from '#src/infra/cache/cache.service.js';
import type { CacheLoaders, CacheLookup } from '#src/infra/cache/cache.types.js';
import { UpstreamUnavailableError } from '#src/infra/http/errors.js';
import { strictMock } from '#test/helpers/strict-mock.js';

import { DictionaryService } from './dictionary.service.js';
import type { DictionaryEntries } from './dictionary-entry.js';
import { DictionaryLayers } from './dictionary-layers.js';
import { DictionaryLookupCounter } from './dictionary-lookup-counter.js';

const ENTRIES = [{ word: 'x', meanings: [] }] as unknown as DictionaryEntries;
const found = (source: string): PromiseSettledResult<CacheLookup<DictionaryEntries>> => ({
  status: 'fulfilled',
  value: { found: true, value: ENTRIES, source, hit: source === 'redis', stale: false },
});

/** DictionaryService with strict mocks: what a lookup asks the cache and the layers, and nothing else. */
describe('DictionaryService (strict mocks)', () => {
  it('asks the cache once for the batch, each word once, and maps the answers back to the words as sent', async () => {
    const cache = strictMock(CacheService, {
      getOrLoadMany: async (
        _ns: string,
        _keys: string[],
        loadersFor: (key: string) => CacheLoaders<DictionaryEntries>,
      ) => {
        // The loaders of a word are built only if the cache asks for them, with the caller.
        loadersFor('en:world');
        return new Map([
          ['en:hello', found('redis')],
          ['en:world', found('free-dictionary')],
          ['en:again', { status: 'rejected', reason: new UpstreamUnavailableError('free-dictionary') }],
        ]);
      },
    } as never);
    const layers = strictMock(DictionaryLayers, { forWord: () => [] });
    const counter = strictMock(DictionaryLookupCounter, { record: () => undefined });
    const service = new DictionaryService(cache, layers, counter);
    const charge = async () => undefined;

    const result = await service.lookupMany(['Hello', 'world', 'again', 'world'], { userId: 'u1' }, charge);

    expect(cache.getOrLoadMany).toHaveBeenCalledTimes(1);
    expect(cache.getOrLoadMany).toHaveBeenCalledWith(
      'dict',
      ['en:hello', 'en:world', 'en:again'],
      expect.any(Function),
      { beforeLoading: charge, concurrency: 8 },
    );
    expect(layers.forWord).toHaveBeenCalledWith('world', { userId: 'u1' });
    expect(result).toEqual({
      results: { Hello: ENTRIES, world: ENTRIES, again: null },
      unavailable: ['again'],
    });
    // Lookups counted for what was found, once per distinct word.
    expect(counter.record.mock.calls).toEqual([['hello'], ['world']]);
  });

  it('looks a word up anonymously when there is no caller (no paid source may run)', async () => {
    const layers = strictMock(DictionaryLayers, { forWord: () => [] });
    const cache = strictMock(CacheService, {
      getOrLoad: async (_ns: string, _key: string, loaders: CacheLoaders<DictionaryEntries>) => {
        if (typeof loaders === 'function') loaders();
        return { found: false, source: 'wordnet', hit: false };
      },
    } as never);
    const anonymous = new DictionaryService(cache, layers, strictMock(DictionaryLookupCounter));
    expect(await anonymous.lookup('legion')).toEqual({
      word: 'legion',
      layer: 'wordnet',
      cached: false,
      found: false,
    });
    expect(layers.forWord).toHaveBeenCalledWith('legion', undefined);
  });
});
