import { Logger } from '@nestjs/common';
import { beforeAll, describe, expect, it } from 'vitest';

import { type CacheLayer, NOT_FOUND, type NotFound } from '#src/infra/cache/cache.types.js';
import { UpstreamUnavailableError } from '#src/infra/http/errors.js';

import { type DictionaryEntries, type DictionarySourceName } from './dictionary-entry.js';
import { type DictionaryEntryRepository } from './dictionary-entry.repository.js';
import { DictionaryLayers, WordLoad } from './dictionary-layers.js';
import { DictionarySource, DictionarySourceChain } from './sources/dictionary-source.js';

const ENTRIES: DictionaryEntries = [
  {
    word: 'w',
    phonetics: [],
    meanings: [
      {
        partOfSpeech: 'noun',
        definitions: [{ definition: 'd', synonyms: [], antonyms: [] }],
        synonyms: [],
        antonyms: [],
      },
    ],
    sourceUrls: [],
  },
];

class ScriptedSource extends DictionarySource {
  public calls = 0;
  constructor(
    public readonly name: DictionarySourceName,
    private readonly answer: 'entries' | 'not-found' | 'down',
    public override readonly paid = false,
  ) {
    super();
  }
  public async lookup(): Promise<DictionaryEntries | NotFound> {
    this.calls++;
    if (this.answer === 'down') throw new UpstreamUnavailableError(this.name);
    return this.answer === 'entries' ? ENTRIES : NOT_FOUND;
  }
}

function repository(opts: { findFails?: boolean } = {}) {
  const saved: { word: string; source: string }[] = [];
  const repo = {
    find: async () => {
      if (opts.findFails) throw new Error('connection refused');
      return undefined;
    },
    save: async (word: string, _language: string, source: string) => void saved.push({ word, source }),
  } as unknown as DictionaryEntryRepository;
  return { repo, saved };
}

/** Walks the layers the way CacheService does: first value wins, earlier stores get it written back. */
async function walk(layers: CacheLayer<DictionaryEntries>[]): Promise<string | undefined> {
  for (const [i, layer] of layers.entries()) {
    let result;
    try {
      result = await layer.load();
    } catch {
      continue;
    }
    if (result === undefined || result === NOT_FOUND) continue;
    for (const store of layers.slice(0, i)) await store.save?.(result);
    return layer.name;
  }
  return undefined;
}

describe('DictionaryLayers', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('asks PostgreSQL, then each source in order, and stores what a source found with its name', async () => {
    const { repo, saved } = repository();
    const free = new ScriptedSource('free-dictionary', 'not-found');
    const wordnet = new ScriptedSource('wordnet', 'entries');
    const layers = new DictionaryLayers(repo, new DictionarySourceChain([free, wordnet])).forWord(
      'w',
      new WordLoad(),
    );
    expect(layers.map((l) => `${l.name}:${l.kind}`)).toEqual([
      'postgres:store',
      'free-dictionary:upstream',
      'wordnet:upstream',
    ]);
    expect(await walk(layers)).toBe('wordnet');
    expect(saved).toEqual([{ word: 'w', source: 'wordnet' }]);
  });

  it('does not keep a stand-in found while an earlier source was down', async () => {
    const { repo, saved } = repository();
    const load = new WordLoad();
    const chain = new DictionarySourceChain([
      new ScriptedSource('free-dictionary', 'down'),
      new ScriptedSource('wordnet', 'entries'),
    ]);
    expect(await walk(new DictionaryLayers(repo, chain).forWord('w', load))).toBe('wordnet');
    expect(load.degraded).toBe(true);
    expect(saved).toEqual([]);
  });

  it('never pays a paid source while a free one before it is down', async () => {
    const { repo } = repository();
    const gemini = new ScriptedSource('gemini', 'entries', true);
    const chain = new DictionarySourceChain([
      new ScriptedSource('free-dictionary', 'down'),
      new ScriptedSource('wordnet', 'not-found'),
      gemini,
    ]);
    expect(await walk(new DictionaryLayers(repo, chain).forWord('w', new WordLoad()))).toBeUndefined();
    expect(gemini.calls).toBe(0);
  });

  it('pays it when every free source answered "not found"', async () => {
    const { repo, saved } = repository();
    const gemini = new ScriptedSource('gemini', 'entries', true);
    const chain = new DictionarySourceChain([
      new ScriptedSource('free-dictionary', 'not-found'),
      new ScriptedSource('wordnet', 'not-found'),
      gemini,
    ]);
    expect(await walk(new DictionaryLayers(repo, chain).forWord('w', new WordLoad({ userId: 'u1' })))).toBe(
      'gemini',
    );
    expect(saved).toEqual([{ word: 'w', source: 'gemini' }]);
  });

  it('never asks the paid source for an anonymous lookup', async () => {
    const { repo, saved } = repository();
    const gemini = new ScriptedSource('gemini', 'entries', true);
    const chain = new DictionarySourceChain([
      new ScriptedSource('free-dictionary', 'not-found'),
      new ScriptedSource('wordnet', 'not-found'),
      gemini,
    ]);
    expect(await walk(new DictionaryLayers(repo, chain).forWord('w', new WordLoad()))).toBeUndefined();
    expect(gemini.calls).toBe(0);
    expect(saved).toEqual([]);
  });

  it('treats an unreadable PostgreSQL as "nothing to say", so the sources still decide', async () => {
    const { repo } = repository({ findFails: true });
    const [postgres] = new DictionaryLayers(repo, new DictionarySourceChain([])).forWord('w', new WordLoad());
    await expect(postgres.load()).resolves.toBeUndefined();
  });
});
