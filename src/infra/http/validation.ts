import { StandardSchemaValidationPipe } from '@nestjs/common';
import type { StandardSchemaV1 } from '@standard-schema/spec';

import { type FieldError, ValidationError } from './errors.js';

/** Turns Standard Schema issues (zod) into the `errors` list of a 400 problem. */
export function toFieldErrors(issues: readonly StandardSchemaV1.Issue[]): FieldError[] {
  return issues.flatMap((issue) => {
    const path = (issue.path ?? []).map((p) => (typeof p === 'object' ? String(p.key) : String(p)));
    // zod reports unknown fields as one issue on the parent; name each field instead.
    const unknownKeys =
      (issue as { code?: string; keys?: string[] }).code === 'unrecognized_keys'
        ? (issue as { keys?: string[] }).keys
        : undefined;
    if (unknownKeys?.length) {
      return unknownKeys.map((key) => ({ field: [...path, key].join('.'), message: 'is not allowed' }));
    }
    return [{ field: path.join('.') || '(body)', message: issue.message }];
  });
}

/** Global pipe: validates every `@Body/@Query/@Param({ schema })` and fails in the API's problem format. */
export function createValidationPipe(): StandardSchemaValidationPipe {
  return new StandardSchemaValidationPipe({
    exceptionFactory: (issues) => new ValidationError(toFieldErrors(issues)),
  });
}
