import { All, Controller, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import { Roles } from '#src/auth/decorators/roles.decorator.js';
import { NotFoundError } from '#src/infra/http/errors.js';
import { RateLimitPolicy } from '#src/infra/rate-limit/rate-limit.decorators.js';

import { Audited } from './audit/audited.decorator.js';

/**
 * Catches every request under `/api/v1/admin` that no admin route matches — an unknown path, or a
 * known path with another method (PATCH /admin/cache) — so that it passes the same guards as the real
 * routes: 401 anonymous, 403 user, and only an admin learns that there is nothing here (404).
 */
@ApiExcludeController()
@Roles('admin')
@RateLimitPolicy('admin')
@Controller('admin')
export class AdminFallbackController {
  @All()
  @Audited('admin.unknown-route')
  public root(@Req() request: FastifyRequest): never {
    throw notFound(request);
  }

  @All('*')
  @Audited('admin.unknown-route')
  public anything(@Req() request: FastifyRequest): never {
    throw notFound(request);
  }
}

function notFound(request: FastifyRequest): NotFoundError {
  return new NotFoundError(`No admin route answers ${request.method} ${request.url.split('?')[0]}.`);
}
