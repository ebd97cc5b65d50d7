import { Injectable } from '@nestjs/common';

import { UpstreamUnavailableError } from '#src/infra/http/errors.js';

import { DictionaryService } from '../dictionary.service.js';
import { DICTIONARY_LANGUAGE, type DictionaryEntries } from '../dictionary-entry.js';
import { DictionaryEntryRepository } from '../dictionary-entry.repository.js';
import { InvalidWordError } from '../errors/invalid-word.error.js';
import { NO_DEFINITIONS } from '../errors/word-not-found.error.js';
import { rawBodyOf } from '../sources/free-dictionary.client.js';

export interface MirrorAnswer {
  status: number;
  /** Exactly the bytes the Free Dictionary API sends (it indents its JSON by one space). */
  body: string;
}

/** The API's languages that ProsePolish mirrors: English, which it also serves for en_US and en_GB. */
const ENGLISH = new Set(['en', 'en_us', 'en_gb']);

const UNAVAILABLE = {
  title: 'Something Went Wrong',
  message: 'Sorry pal, the dictionary could not be reached and this word is not cached.',
  resolution: 'You can try the search again at later time or head to the web instead.',
};

/**
 * `GET /api/v2/entries/:language/:word`, answered as the Free Dictionary API would, through the
 * dictionary's free layers only (Redis, PostgreSQL, the API itself, WordNet; never Gemini). A word the API
 * answered is served with the API's own bytes (kept beside the entries in PostgreSQL); a word only
 * WordNet knows is written the way the API writes JSON.
 */
@Injectable()
export class FreeDictionaryMirror {
  public constructor(
    private readonly dictionary: DictionaryService,
    private readonly entries: DictionaryEntryRepository,
  ) {}

  public async entriesFor(language: string, word: string): Promise<MirrorAnswer> {
    if (!ENGLISH.has(language.toLowerCase())) return notFound();
    let lookup;
    try {
      lookup = await this.dictionary.lookup(word);
    } catch (err) {
      if (err instanceof InvalidWordError) return notFound();
      if (err instanceof UpstreamUnavailableError) return { status: 503, body: apiJson(UNAVAILABLE) };
      throw err;
    }
    if (!lookup.found) return notFound();
    return { status: 200, body: await this.bytesOf(lookup.word, lookup.entries) };
  }

  private async bytesOf(word: string, entries: DictionaryEntries): Promise<string> {
    return (
      rawBodyOf(entries) ?? (await this.entries.findRawBody(word, DICTIONARY_LANGUAGE)) ?? apiJson(entries)
    );
  }
}

function notFound(): MirrorAnswer {
  return { status: 404, body: apiJson(NO_DEFINITIONS) };
}

/** How the Free Dictionary API writes JSON: one-space indents and a final newline. */
function apiJson(value: unknown): string {
  return `${JSON.stringify(value, null, 1)}\n`;
}
