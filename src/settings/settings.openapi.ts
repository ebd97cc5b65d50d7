import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  type ApiHeaderOptions,
  ApiOkResponse,
  ApiPreconditionFailedResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { settingsResponseSchema } from './dto/settings.schemas.js';

/** Swagger documentation shared by the settings routes. */

export const IF_MATCH_HEADER_DOC: ApiHeaderOptions = {
  name: 'If-Match',
  required: false,
  description:
    'The ETag of the settings you edited: the write happens only if they are still current (412 otherwise). ' +
    'Absent or "*" writes unconditionally (last write wins) — send it from every editor tab.',
};

const ETAG_HEADER = {
  ETag: {
    description: 'Strong ETag of this version ("<version>-<hash>"); send it back as If-Match.',
    schema: { type: 'string' },
  },
};

export function ApiSettingsResponses(options: { writes?: boolean } = {}): MethodDecorator {
  const decorators = [
    ApiOkResponse({
      description: 'The settings, with their version.',
      standardSchema: settingsResponseSchema,
      headers: ETAG_HEADER,
    }),
    ApiUnauthorizedResponse({ description: 'Missing or invalid access token.' }),
  ];
  if (options.writes) {
    decorators.push(
      ApiBadRequestResponse({
        description:
          'Unknown fields or invalid values (problem details list each field), or a malformed If-Match.',
      }),
      ApiPreconditionFailedResponse({
        description: 'If-Match does not name the current version; `currentVersion` says which is.',
      }),
    );
  }
  return applyDecorators(...decorators);
}
