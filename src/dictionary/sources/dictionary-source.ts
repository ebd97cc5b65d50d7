import { type NotFound } from '#src/infra/cache/cache.types.js';

import { type DictionaryEntries, type DictionarySourceName } from '../dictionary-entry.js';

/** Who a lookup is for: paid sources charge their calls to this user's daily budget. */
export interface LookupCaller {
  userId: string;
}

/**
 * Somewhere a word can be looked up beyond our own stores (the Free Dictionary API, WordNet, Gemini).
 * The abstract class is the injection token; `DictionarySourceChain` orders the implementations.
 *
 * `lookup` answers the entries, `NOT_FOUND` when the source definitely does not know the word, or
 * THROWS (`UpstreamUnavailableError`) when it could not tell.
 */
export abstract class DictionarySource {
  public abstract readonly name: DictionarySourceName;
  /**
   * True for sources that cost money per call (Gemini): asked only for a signed-in caller, on their
   * budget, and skipped while a free source is unavailable.
   */
  public readonly paid: boolean = false;
  public abstract lookup(word: string, caller?: LookupCaller): Promise<DictionaryEntries | NotFound>;
}

/** The sources in the order they are asked. Built by `DictionaryModule` from the configuration. */
export class DictionarySourceChain {
  constructor(public readonly sources: readonly DictionarySource[]) {}
}
