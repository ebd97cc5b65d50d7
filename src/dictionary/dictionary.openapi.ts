import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { dictionaryEntriesResponseSchema, lookupBatchResponseSchema } from './dto/dictionary.schemas.js';

/** Swagger documentation of the dictionary routes. */

const LOOKUP_HEADERS = {
  'X-Cache': {
    description: 'HIT when our own stores answered (L1, Redis or PostgreSQL), MISS when a source did.',
    schema: { type: 'string', enum: ['HIT', 'MISS'] },
  },
  'X-Source': {
    description: 'The layer that answered. An in-process (L1) hit reports `redis` plus `X-Cache-Layer: l1`.',
    schema: { type: 'string', enum: ['redis', 'postgres', 'free-dictionary', 'wordnet', 'gemini'] },
  },
  'X-Cache-Layer': {
    description: 'Present (`l1`) only when the in-process cache answered.',
    schema: { type: 'string', enum: ['l1'] },
  },
};

const INVALID_WORD =
  'Not a word: after trimming, NFC and lower-casing it must be 1–64 letters (any script), apostrophes, hyphens and single inner spaces. The problem says why.';

export function ApiLookupResponses(): MethodDecorator {
  return applyDecorators(
    ApiOkResponse({
      description:
        'The Free Dictionary API\'s entry array, whichever layer answered. WordNet entries have no phonetics; Gemini entries have `sourceUrls: []` and an "AI-generated" `license`.',
      standardSchema: dictionaryEntriesResponseSchema,
      headers: LOOKUP_HEADERS,
    }),
    ApiBadRequestResponse({ description: INVALID_WORD }),
    ApiUnauthorizedResponse({ description: 'Missing or invalid access token.' }),
    ApiNotFoundResponse({
      description:
        'No source knows the word: problem details with the Free Dictionary fields `title: "No Definitions Found"`, `message` and `resolution`. Remembered for 10 minutes.',
      headers: LOOKUP_HEADERS,
    }),
    ApiServiceUnavailableResponse({
      description:
        'The Free Dictionary API is unavailable and no later source knows the word. Not remembered: retry.',
    }),
  );
}

export function ApiBatchResponses(): MethodDecorator {
  return applyDecorators(
    ApiOkResponse({ description: 'One answer per word sent.', standardSchema: lookupBatchResponseSchema }),
    ApiBadRequestResponse({
      description: `A malformed body, or invalid words (each named in \`errors\`). ${INVALID_WORD}`,
    }),
    ApiUnauthorizedResponse({ description: 'Missing or invalid access token.' }),
  );
}
