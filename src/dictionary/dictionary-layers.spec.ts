import { Logger } from '@nestjs/common';
import { beforeAll, describe, expect, it } from 'vitest';

import { type CacheLoader, NOT_FOUND, type NotFound } from '#src/infra/cache/cache.types.js';
import { LoaderRunner } from '#src/infra/cache/get-or-load/loader-runner.js';
import { CacheMetrics } from '#src/infra/cache/metrics/cache-metrics.js';
import { UpstreamUnavailableError } from '#src/infra/http/errors.js';
import { strictMock } from '#test/helpers/strict-mock.js';

import { type DictionaryEntries, type DictionarySourceName } from './dictionary-entry.js';
import { DictionaryEntryRepository } from './dictionary-entry.repository.js';
import { DictionaryLayers, STAND_IN_TTL_MS } from './dictionary-layers.js';
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

/** The repository as a strict mock: reading and saving are the only calls the layers may make. */
function repository(opts: { findFails?: boolean } = {}) {
  const saved: { word: string; source: string }[] = [];
  const repo = strictMock(DictionaryEntryRepository, {
    find: async () => {
      if (opts.findFails) throw new Error('connection refused');
      return undefined;
    },
    save: async (word: string, _language: string, source: string) => void saved.push({ word, source }),
  } as never);
  return { repo, saved };
}

/** Walks the layers with the cache's own LoaderRunner; returns who answered and how it may be kept. */
async function walk(layers: CacheLoader<DictionaryEntries>[]) {
  const outcome = await new LoaderRunner(new CacheMetrics()).run('dict', 'en:w', layers);
  return outcome.kind === 'found' ? { by: outcome.layer, keep: outcome.keep } : undefined;
}

/** Free Dictionary and WordNet both answer "not found"; Gemini (paid) would know the word. */
function freeSourcesDoNotKnowIt() {
  const gemini = new ScriptedSource('gemini', 'entries', true);
  const chain = new DictionarySourceChain([
    new ScriptedSource('free-dictionary', 'not-found'),
    new ScriptedSource('wordnet', 'not-found'),
    gemini,
  ]);
  return { chain, gemini };
}

describe('DictionaryLayers', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('asks PostgreSQL, then each source in order, and stores what a source found with its name', async () => {
    const { repo, saved } = repository();
    const free = new ScriptedSource('free-dictionary', 'not-found');
    const wordnet = new ScriptedSource('wordnet', 'entries');
    const layers = new DictionaryLayers(repo, new DictionarySourceChain([free, wordnet])).forWord('w');
    expect(layers.map((l) => `${l.name}:${l.kind}`)).toEqual([
      'postgres:store',
      'free-dictionary:upstream',
      'wordnet:upstream',
    ]);
    expect(await walk(layers)).toEqual({ by: 'wordnet', keep: {} });
    expect(saved).toEqual([{ word: 'w', source: 'wordnet' }]);
  });

  it('keeps a stand-in found while an earlier source was down only briefly, and not in PostgreSQL', async () => {
    const { repo, saved } = repository();
    const chain = new DictionarySourceChain([
      new ScriptedSource('free-dictionary', 'down'),
      new ScriptedSource('wordnet', 'entries'),
    ]);
    expect(await walk(new DictionaryLayers(repo, chain).forWord('w'))).toEqual({
      by: 'wordnet',
      keep: { ttlMs: STAND_IN_TTL_MS, persist: false },
    });
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
    expect(await walk(new DictionaryLayers(repo, chain).forWord('w'))).toBeUndefined();
    expect(gemini.calls).toBe(0);
  });

  it('pays it when every free source answered "not found"', async () => {
    const { repo, saved } = repository();
    const { chain, gemini } = freeSourcesDoNotKnowIt();
    expect(await walk(new DictionaryLayers(repo, chain).forWord('w', { userId: 'u1' }))).toEqual({
      by: 'gemini',
      keep: {},
    });
    expect(saved).toEqual([{ word: 'w', source: 'gemini' }]);
    expect(gemini.calls).toBe(1);
  });

  it('never asks the paid source for an anonymous lookup', async () => {
    const { repo, saved } = repository();
    const { chain, gemini } = freeSourcesDoNotKnowIt();
    expect(await walk(new DictionaryLayers(repo, chain).forWord('w'))).toBeUndefined();
    expect(gemini.calls).toBe(0);
    expect(saved).toEqual([]);
  });

  it('treats an unreadable PostgreSQL as "nothing to say", so the sources still decide', async () => {
    const { repo } = repository({ findFails: true });
    const [postgres] = new DictionaryLayers(repo, new DictionarySourceChain([])).forWord('w');
    await expect(postgres.load()).resolves.toBeUndefined();
  });
});
