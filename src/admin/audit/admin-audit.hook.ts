import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import type { AuthUser } from '#src/auth/auth-user.js';

import { AdminAuditRepository } from './admin-audit.repository.js';
import { auditActionOf, auditEntryFor } from './audit-record.js';
import { DenialSampler } from './denial-sampler.js';

/**
 * Writes the audit row of every admin request in Fastify's `onSend` hook — after guards, handler and
 * exception filter, before the response leaves — so the row exists when the caller sees the answer, and
 * refusals (403 to an authenticated user) are recorded like successes. Anonymous calls (401) are not:
 * there is nobody to name, and anyone could fill the table.
 *
 * A failed insert is logged, not turned into an error response: the action has already happened.
 */
@Injectable()
export class AdminAuditHook implements OnModuleInit {
  private readonly logger = new Logger(AdminAuditHook.name);
  private readonly denials = new DenialSampler();

  public constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly repository: AdminAuditRepository,
  ) {}

  public onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    fastify.addHook('onSend', async (request, reply, payload) => {
      await this.record(request, reply, payload);
      return payload;
    });
  }

  private async record(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<void> {
    const action = auditActionOf(request);
    const user = (request as { user?: AuthUser }).user;
    if (!action || !user) return;
    if (reply.statusCode === 403 && !this.denials.admit(user.id)) {
      this.logger.warn(
        { actorId: user.id, action, requestId: request.id },
        'admin action refused (not audited: too many refusals)',
      );
      return;
    }
    const entry = auditEntryFor(request, reply, action, payload);
    try {
      await this.repository.append(entry);
    } catch (err) {
      this.logger.error({ err: (err as Error).message, entry }, 'admin audit row not written');
    }
  }
}
