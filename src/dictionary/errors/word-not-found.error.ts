import { AppError } from '#src/infra/http/errors.js';

/** The Free Dictionary API's own not-found fields, so its existing clients keep working. */
export const NO_DEFINITIONS = {
  title: 'No Definitions Found',
  message: "Sorry pal, we couldn't find definitions for the word you were looking for.",
  resolution: 'You can try the search again at later time or head to the web instead.',
} as const;

/** No layer knows the word: a 404 problem that also carries `message` and `resolution`. */
export class WordNotFoundError extends AppError {
  constructor(public readonly word: string) {
    super(404, 'word-not-found', NO_DEFINITIONS.title, NO_DEFINITIONS.message, {
      word,
      message: NO_DEFINITIONS.message,
      resolution: NO_DEFINITIONS.resolution,
    });
  }
}
