import { Injectable } from '@nestjs/common';

import { CacheService } from '#src/infra/cache/cache.service.js';
import { ConflictError, NotFoundError, ValidationError } from '#src/infra/http/errors.js';
import { normaliseWord } from '#src/infra/text/word-normaliser.js';

import { personalDictionaryCacheKey } from './personal-dictionary.cache.js';
import { PersonalWordRepository } from './personal-word.repository.js';

export const MAX_PERSONAL_WORDS = 10_000;

/**
 * A user's personal dictionary: words never reported as spelling problems for them, by either checker.
 * `wordsOf` is read on every correction, through the `personal` cache (L1 + Redis); a change deletes the
 * key before it answers, and the deletion reaches every instance's L1 over the bus, so the very next
 * request anywhere sees it — also for sentences whose corrections are cached (the filter runs after).
 */
@Injectable()
export class PersonalDictionaryService {
  public constructor(
    private readonly words: PersonalWordRepository,
    private readonly cache: CacheService,
  ) {}

  public async wordsOf(userId: string): Promise<ReadonlySet<string>> {
    const lookup = await this.cache.getOrLoad<string[]>(
      'personal',
      personalDictionaryCacheKey(userId),
      () => [{ name: 'postgres', kind: 'store', load: () => this.words.all(userId) }],
    );
    return new Set(lookup.found ? lookup.value : []);
  }

  /** Whether `word` as written in a text (any case) is in the user's dictionary. */
  public static includes(words: ReadonlySet<string>, written: string): boolean {
    if (words.size === 0) return false;
    const normalised = normaliseWord(written);
    return normalised.ok && words.has(normalised.word);
  }

  public page(userId: string, offset: number, limit: number): Promise<{ words: string[]; total: number }> {
    return this.words.page(userId, offset, limit);
  }

  /** Returns the word as stored (normalised). */
  public async add(userId: string, input: string, field = 'word'): Promise<string> {
    const word = validWord(input, field);
    const outcome = await this.words.addUnderLimit(userId, word, MAX_PERSONAL_WORDS);
    if (outcome === 'full')
      throw new ConflictError(
        `Your personal dictionary holds ${MAX_PERSONAL_WORDS} words already; remove some first.`,
      );
    if (outcome === 'added') await this.forget(userId);
    return word;
  }

  public async remove(userId: string, input: string, field = 'word'): Promise<void> {
    const word = validWord(input, field);
    if (!(await this.words.remove(userId, word)))
      throw new NotFoundError('That word is not in your personal dictionary.');
    await this.forget(userId);
  }

  private forget(userId: string): Promise<void> {
    return this.cache.delete('personal', personalDictionaryCacheKey(userId));
  }
}

function validWord(input: string, field: string): string {
  const result = normaliseWord(input);
  if (!result.ok) throw new ValidationError([{ field, message: result.reason }]);
  return result.word;
}
