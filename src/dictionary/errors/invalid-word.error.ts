import { ValidationError } from '#src/infra/http/errors.js';

/** One or more words failed normalisation; each `errors[]` item names the field and the word. */
export class InvalidWordError extends ValidationError {
  constructor(problems: { field: string; word: string; reason: string }[]) {
    super(
      problems.map((p) => ({ field: p.field, message: `${JSON.stringify(clip(p.word))} ${p.reason}` })),
      problems.length === 1
        ? `The word ${JSON.stringify(clip(problems[0].word))} ${problems[0].reason}.`
        : `${problems.length} words are invalid; see \`errors\` for each.`,
    );
  }
}

/** Echoing 500 characters of hostile input back helps nobody. */
function clip(word: string): string {
  return word.length > 80 ? `${word.slice(0, 77)}...` : word;
}
