/** Key of the action name in the Fastify route config (read by the audit hook, even when a guard refused). */
export const AUDIT_ACTION = 'auditAction';
/** Nest metadata: how to turn the handler's result into what the audit row keeps. */
export const AUDIT_SUMMARY = 'audit:summary';
/** Where the handler's (summarised) result waits on the request for the audit hook. */
export const AUDIT_RESULT = Symbol('admin-audit-result');

export type AuditSummary = (result: unknown) => unknown;

export interface AuditedRequest {
  [AUDIT_RESULT]?: unknown;
}
