import { z } from 'zod';

import type { RecordedAuditEntry } from './audit-entry.js';

export const MAX_AUDIT_LIMIT = 500;

export const auditQuerySchema = z
  .strictObject({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_AUDIT_LIMIT)
      .default(50)
      .describe(`Rows to return, newest first (1–${MAX_AUDIT_LIMIT}, default 50).`),
  })
  .meta({ id: 'AdminAuditQuery' });
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z
  .object({
    id: z.uuid(),
    at: z.iso.datetime().describe('When the action was answered.'),
    actor: z
      .object({ id: z.uuid().nullable(), email: z.string().nullable() })
      .describe('Who; null once the account is deleted.'),
    action: z
      .string()
      .describe('`cache.flush`, `cache.warm`, `dictionary.refresh`, … or `<METHOD> <route>`.'),
    params: z.record(z.string(), z.unknown()).describe('Route parameters, query and body.'),
    result: z
      .unknown()
      .describe('What the action reported, or `{ error, detail }` when it failed or was refused.'),
    status: z.number().int().describe('HTTP status the caller got.'),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AdminAuditEntry' });

export const auditListSchema = z.object({ items: z.array(auditEntrySchema) }).meta({ id: 'AdminAuditList' });
export type AuditList = z.infer<typeof auditListSchema>;

export function toAuditList(rows: RecordedAuditEntry[]): AuditList {
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: { id: r.actorId, email: r.actorEmail },
      action: r.action,
      params: r.params,
      result: r.result,
      status: r.status,
      requestId: r.requestId,
    })),
  };
}
