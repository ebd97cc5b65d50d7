import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { z } from 'zod';

/** Response shapes of the auth and users routes, for `/docs`. */

export const userProfileResponseSchema = z
  .object({
    id: z.uuid(),
    email: z.email(),
    displayName: z.string().nullable(),
    role: z.enum(['user', 'admin']),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'UserProfile' });

const tokenFields = {
  accessToken: z.string().describe('JWT (HS256) for `Authorization: Bearer`; valid `expiresIn` seconds.'),
  refreshToken: z
    .string()
    .describe(
      'Opaque, single-use: each refresh returns the next one. Store it, never log it. Absent when the request ' +
        'sent `X-Refresh-Transport: cookie`: it is then set as the HttpOnly `pp_refresh` cookie instead.',
    )
    .optional(),
  expiresIn: z.number().int().describe('Seconds until the access token expires.'),
};

export const tokenPairResponseSchema = z.object(tokenFields).meta({ id: 'TokenPair' });
export const authResultResponseSchema = z
  .object({ user: userProfileResponseSchema, ...tokenFields })
  .meta({ id: 'AuthResult' });

export const sessionResponseSchema = z
  .object({
    id: z.uuid(),
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().describe('Last login or refresh.'),
    current: z.boolean().describe('The session of the token making this request.'),
  })
  .meta({ id: 'Session' });

const UNAUTHORIZED = ApiUnauthorizedResponse({
  description: 'Missing, invalid or expired access token, or its session has ended.',
});

export const ApiAuthResult = (status: 200 | 201): MethodDecorator =>
  applyDecorators(
    status === 201
      ? ApiCreatedResponse({
          description: 'Account created and logged in.',
          standardSchema: authResultResponseSchema,
        })
      : ApiOkResponse({ description: 'Logged in: a new session.', standardSchema: authResultResponseSchema }),
    ApiBadRequestResponse({ description: 'Invalid fields (problem details list each).' }),
  );

export const ApiRegisterResponses = (): MethodDecorator =>
  applyDecorators(
    ApiAuthResult(201),
    ApiConflictResponse({ description: 'The email cannot be registered.' }),
  );

export const ApiLoginResponses = (): MethodDecorator =>
  applyDecorators(
    ApiAuthResult(200),
    ApiUnauthorizedResponse({ description: 'Wrong email or password (one message for both).' }),
  );

export const ApiRefreshResponses = (): MethodDecorator =>
  applyDecorators(
    ApiOkResponse({
      description: 'The next token pair; the presented refresh token is spent.',
      standardSchema: tokenPairResponseSchema,
    }),
    ApiBadRequestResponse({ description: 'No refresh token in the body.' }),
    ApiUnauthorizedResponse({
      description:
        'Unknown, expired, revoked or reused refresh token (reuse ends the session), or no `pp_refresh` cookie ' +
        'when the browser asked for it (`X-Refresh-Transport: cookie`).',
    }),
  );

export const ApiEndsSessions = (description: string): MethodDecorator =>
  applyDecorators(ApiNoContentResponse({ description }), UNAUTHORIZED);

export const ApiSessionListResponses = (): MethodDecorator =>
  applyDecorators(
    ApiOkResponse({
      description: 'Live sessions, most recently used first.',
      standardSchema: z.array(sessionResponseSchema),
    }),
    UNAUTHORIZED,
  );

export const ApiSessionDeleteResponses = (): MethodDecorator =>
  applyDecorators(
    ApiNoContentResponse({
      description: 'The session ended: its access and refresh tokens stop working at once.',
    }),
    ApiNotFoundResponse({ description: 'No live session with this id among yours.' }),
    UNAUTHORIZED,
  );

export const ApiProfileResponses = (options: { writes?: boolean } = {}): MethodDecorator =>
  applyDecorators(
    ApiOkResponse({ description: 'Your profile.', standardSchema: userProfileResponseSchema }),
    ...(options.writes
      ? [
          ApiBadRequestResponse({
            description: 'Unknown fields (e.g. `role`), invalid values, or a wrong current password.',
          }),
        ]
      : []),
    UNAUTHORIZED,
  );
