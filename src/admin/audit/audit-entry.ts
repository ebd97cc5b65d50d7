/** One admin action (or attempted one), as recorded in `admin_audit_log`. */
export interface AuditEntry {
  /** Null only when the account was deleted later (the row outlives it). */
  actorId: string | null;
  /** Stable name: `cache.flush`, `cache.warm`, `dictionary.refresh`, … */
  action: string;
  /** Route parameters, query and body of the request. */
  params: Record<string, unknown>;
  /** What the action reported (or the problem it failed with). */
  result: unknown;
  /** HTTP status the caller got. */
  status: number;
  requestId: string | null;
}

export interface RecordedAuditEntry extends AuditEntry {
  id: string;
  actorEmail: string | null;
  at: Date;
}
