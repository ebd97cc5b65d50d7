import { TooManyRequestsError } from '#src/infra/http/errors.js';

/**
 * The word is in no free dictionary and the caller's daily LLM budget cannot pay for a definition: a
 * 429 until the budget resets at 00:00 UTC. Never cached as "not found": tomorrow, or for another user,
 * the word can still be defined.
 */
export class DictionaryBudgetExhaustedError extends TooManyRequestsError {
  public constructor(now = new Date()) {
    const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    super(
      Math.max(1, Math.ceil((midnight - now.getTime()) / 1_000)),
      'No dictionary knows this word, and your daily AI budget for defining new words is spent.',
    );
  }
}
