import { type NotFound } from '#src/infra/cache/cache.types.js';

import { type DictionaryEntries, type DictionarySourceName } from '../dictionary-entry.js';

/**
 * Somewhere a word can be looked up beyond our own stores (the Free Dictionary API, WordNet, Gemini).
 * The abstract class is the injection token; `DictionarySourceChain` orders the implementations.
 *
 * `lookup` answers the entries, `NOT_FOUND` when the source definitely does not know the word, or
 * THROWS (`UpstreamUnavailableError`) when it could not tell.
 */
export abstract class DictionarySource {
  public abstract readonly name: DictionarySourceName;
  /** True for sources that cost money per call (Gemini): skipped while a free source is unavailable. */
  public readonly paid: boolean = false;
  public abstract lookup(word: string): Promise<DictionaryEntries | NotFound>;
}

/** The sources in the order they are asked. Built by `DictionaryModule` from the configuration. */
export class DictionarySourceChain {
  constructor(public readonly sources: readonly DictionarySource[]) {}
}
