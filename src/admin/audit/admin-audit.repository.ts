import { Injectable } from '@nestjs/common';

import type { Prisma } from '#src/generated/prisma/client.js';
import { PrismaService } from '#src/infra/database/prisma.service.js';

import type { AuditEntry, RecordedAuditEntry } from './audit-entry.js';

/** `admin_audit_log`: append-only record of admin actions, newest first when read. */
@Injectable()
export class AdminAuditRepository {
  public constructor(private readonly prisma: PrismaService) {}

  public async append(entry: AuditEntry): Promise<void> {
    await this.prisma.adminAuditLog.create({
      data: {
        actorId: entry.actorId,
        action: entry.action,
        params: entry.params as Prisma.InputJsonValue,
        result: (entry.result ?? {}) as Prisma.InputJsonValue,
        status: entry.status,
        requestId: entry.requestId,
      },
    });
  }

  public async latest(limit: number): Promise<RecordedAuditEntry[]> {
    const rows = await this.prisma.adminAuditLog.findMany({
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      include: { actor: { select: { email: true } } },
    });
    return rows.map((r) => ({
      id: r.id,
      actorId: r.actorId,
      actorEmail: r.actor?.email ?? null,
      action: r.action,
      params: r.params as Record<string, unknown>,
      result: r.result,
      status: r.status,
      requestId: r.requestId,
      at: r.createdAt,
    }));
  }
}
