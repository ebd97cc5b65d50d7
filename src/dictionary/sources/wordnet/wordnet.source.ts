import { Injectable } from '@nestjs/common';

import { type DictionaryEntries } from '#src/dictionary/dictionary-entry.js';
import { NOT_FOUND, type NotFound } from '#src/infra/cache/cache.types.js';

import { DictionarySource } from '../dictionary-source.js';
import { WordNetDatabase } from './wordnet.database.js';
import { toDictionaryEntry, type WordNetSense } from './wordnet-entry.mapper.js';
import { baseFormCandidates, textToIndexLemma, type WordNetSynset } from './wordnet-format.js';

const ANTONYM = '!';

/**
 * WordNet 3.1, read from local files: answers when the Free Dictionary API does not know a word or is
 * down, for nothing. An inflected form nobody lists ("legions") is answered with its base form's entry.
 */
@Injectable()
export class WordNetSource extends DictionarySource {
  public readonly name = 'wordnet';

  constructor(private readonly database: WordNetDatabase) {
    super();
  }

  public async lookup(word: string): Promise<DictionaryEntries | NotFound> {
    const lemma = await this.findLemma(word);
    if (!lemma) return NOT_FOUND;
    const senses: WordNetSense[] = [];
    for (const { file, offsets } of await this.database.offsets(lemma)) {
      const synsets = await Promise.all(offsets.map((offset) => this.database.synset(file, offset)));
      for (const synset of synsets) senses.push({ synset, antonyms: await this.antonyms(synset, lemma) });
    }
    const entry = toDictionaryEntry(lemma.replace(/_/g, ' '), senses);
    return entry.meanings.length > 0 ? [entry] : NOT_FOUND;
  }

  /** The word itself when WordNet lists it, else the first base form it lists ("legions" → "legion"). */
  private async findLemma(word: string): Promise<string | undefined> {
    const exact = textToIndexLemma(word);
    if (await this.database.has(exact)) return exact;
    if (word.includes(' ')) return undefined;
    for (const candidate of baseFormCandidates(exact)) {
      if (await this.database.has(candidate)) return candidate;
    }
    return undefined;
  }

  /** Antonym pointers start at a word of the synset (lexical) or at all of it (0). */
  private async antonyms(synset: WordNetSynset, lemma: string): Promise<string[]> {
    const position = synset.words.findIndex((w) => textToIndexLemma(w) === lemma) + 1;
    const pointers = synset.pointers.filter(
      (p) => p.symbol === ANTONYM && (p.sourceWord === 0 || p.sourceWord === position),
    );
    const targets = await Promise.all(
      pointers.map((p) => this.database.synset(p.file, p.offset).then((t) => ({ p, t }))),
    );
    return targets
      .flatMap(({ p, t }) => (p.targetWord > 0 ? [t.words[p.targetWord - 1]] : t.words.slice(0, 1)))
      .filter(Boolean);
  }
}
