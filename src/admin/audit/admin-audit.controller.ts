import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { Roles } from '#src/auth/decorators/roles.decorator.js';
import { RateLimitPolicy } from '#src/infra/rate-limit/rate-limit.decorators.js';

import { AdminAuditRepository } from './admin-audit.repository.js';
import {
  type AuditList,
  auditListSchema,
  type AuditQuery,
  auditQuerySchema,
  MAX_AUDIT_LIMIT,
  toAuditList,
} from './audit.schemas.js';
import { Audited } from './audited.decorator.js';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@RateLimitPolicy('admin')
@Controller('admin/audit')
export class AdminAuditController {
  public constructor(private readonly audit: AdminAuditRepository) {}

  @Get()
  @Audited('audit.list', (result) => ({ rows: (result as AuditList).items.length }))
  @ApiOperation({
    summary: 'Latest admin actions',
    description: 'Every admin call is recorded (refusals to signed-in users too), this one included.',
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: MAX_AUDIT_LIMIT, default: 50 },
  })
  @ApiOkResponse({ description: 'Newest first.', standardSchema: auditListSchema })
  @ApiBadRequestResponse({ description: `\`limit\` is not an integer from 1 to ${MAX_AUDIT_LIMIT}.` })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid access token.' })
  @ApiForbiddenResponse({ description: 'Not an admin.' })
  public async list(@Query({ schema: auditQuerySchema }) query: AuditQuery): Promise<AuditList> {
    return toAuditList(await this.audit.latest(query.limit));
  }
}
