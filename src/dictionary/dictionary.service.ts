import { Injectable } from '@nestjs/common';

import { CacheService } from '#src/infra/cache/cache.service.js';
import type { CacheReadAhead } from '#src/infra/cache/cache.types.js';
import { UpstreamUnavailableError } from '#src/infra/http/errors.js';
import { normaliseWord } from '#src/infra/text/word-normaliser.js';

import { dictionaryCacheKey } from './dictionary.cache.js';
import { type DictionaryEntries } from './dictionary-entry.js';
import { DictionaryLayers } from './dictionary-layers.js';
import { DictionaryLookupCounter } from './dictionary-lookup-counter.js';
import { DictionaryBudgetExhaustedError } from './errors/dictionary-budget-exhausted.error.js';
import { InvalidWordError } from './errors/invalid-word.error.js';
import type { LookupCaller } from './sources/dictionary-source.js';

/** Misses of a batch looked up at the same time: enough to hide latency, few enough to be polite upstream. */
export const BATCH_CONCURRENCY = 8;

export type DictionaryLookup = {
  word: string;
  /** The layer that answered: 'l1' | 'redis' | 'postgres' | 'free-dictionary' | 'wordnet' | 'gemini'. */
  layer: string;
  /** Served from one of our own stores (L1, Redis, PostgreSQL) rather than a source. */
  cached: boolean;
} & ({ found: true; entries: DictionaryEntries } | { found: false });

export interface BatchLookup {
  results: Record<string, DictionaryEntries | null>;
  /** Words no layer could answer because a source was unavailable (their `results` value is null). */
  unavailable?: string[];
}

const CACHE_LAYERS = new Set(['l1', 'redis', 'postgres']);

/**
 * Word lookups through the layered cache: Redis (and L1) → PostgreSQL → Free Dictionary API → WordNet
 * → Gemini. Throws `InvalidWordError` (400) for input that is not a word and `UpstreamUnavailableError`
 * (503) when a source was down and no later one knew the word.
 */
@Injectable()
export class DictionaryService {
  constructor(
    private readonly cache: CacheService,
    private readonly layers: DictionaryLayers,
    private readonly counter: DictionaryLookupCounter,
  ) {}

  /**
   * `caller`: the signed-in user, who may have unknown words defined by Gemini on their budget.
   * `readAhead`: the word's Redis read, if the route already started it.
   */
  public async lookup(
    input: string,
    caller?: LookupCaller,
    readAhead?: CacheReadAhead,
  ): Promise<DictionaryLookup> {
    return this.lookupNormalised(normalise([{ field: 'word', input }])[0], caller, readAhead);
  }

  /**
   * `beforeLoading(misses)` runs once the cached words are known and before any miss is looked up: the
   * controller charges the rate limit per uncached word there, so a batch costs what it makes us do.
   */
  public async lookupMany(
    inputs: readonly string[],
    caller?: LookupCaller,
    beforeLoading: (misses: number) => Promise<void> = async () => undefined,
  ): Promise<BatchLookup> {
    const words = normalise(inputs.map((input, i) => ({ field: `words.${i}`, input })));
    const byKey = new Map(words.map((word) => [keyOf(word), word]));
    // Each word read once (one MGET for the batch); only what the cache lacks goes down the loaders.
    const lookups = await this.cache.getOrLoadMany<DictionaryEntries>(
      'dict',
      [...byKey.keys()],
      (key) => this.layers.forWord(byKey.get(key)!, caller),
      { beforeLoading, concurrency: BATCH_CONCURRENCY },
    );
    const answers = new Map<string, DictionaryEntries | null>();
    const unavailable: string[] = [];
    for (const [key, word] of byKey) {
      const lookup = lookups.get(key)!;
      if (lookup.status === 'rejected') {
        const err = lookup.reason;
        const retryLater =
          err instanceof UpstreamUnavailableError || err instanceof DictionaryBudgetExhaustedError;
        if (!retryLater) throw err;
        answers.set(word, null);
        unavailable.push(word);
      } else if (lookup.value.found) {
        answers.set(word, lookup.value.value);
        this.counter.record(word);
      } else {
        answers.set(word, null);
      }
    }
    // Keyed by the words as sent, so the editor can map answers back to what it asked.
    const results: Record<string, DictionaryEntries | null> = Object.create(null) as Record<
      string,
      DictionaryEntries | null
    >;
    inputs.forEach((input, i) => (results[input] = answers.get(words[i]) ?? null));
    return unavailable.length > 0
      ? { results, unavailable: inputs.filter((_, i) => unavailable.includes(words[i])) }
      : { results };
  }

  private async lookupNormalised(
    word: string,
    caller?: LookupCaller,
    readAhead?: CacheReadAhead,
  ): Promise<DictionaryLookup> {
    const result = await this.cache.getOrLoad<DictionaryEntries>(
      'dict',
      keyOf(word),
      () => this.layers.forWord(word, caller),
      { readAhead },
    );
    const base = { word, layer: result.source, cached: CACHE_LAYERS.has(result.source) };
    if (!result.found) return { ...base, found: false };
    this.counter.record(word);
    return { ...base, found: true, entries: result.value };
  }
}

function keyOf(word: string): string {
  return dictionaryCacheKey(word);
}

/** Normalises every input or throws one 400 naming each invalid word. */
function normalise(items: { field: string; input: string }[]): string[] {
  const problems: { field: string; word: string; reason: string }[] = [];
  const words = items.map(({ field, input }) => {
    const result = normaliseWord(input);
    if (result.ok) return result.word;
    problems.push({ field, word: input, reason: result.reason });
    return '';
  });
  if (problems.length > 0) throw new InvalidWordError(problems);
  return words;
}
