import type { FastifyReply, FastifyRequest } from 'fastify';

import type { AuthUser } from '#src/auth/auth-user.js';

import { AUDIT_ACTION, AUDIT_RESULT, type AuditedRequest } from './audit.constants.js';
import type { AuditEntry } from './audit-entry.js';

/** Every admin route lives under this path, whichever module declares it. */
export const ADMIN_PATH_PREFIX = '/api/v1/admin';
/** Larger parameters or results are cut: the audit row records what happened, not the whole payload. */
const MAX_JSON_CHARS = 4_000;

type Request = FastifyRequest & AuditedRequest & { user?: AuthUser };

/** The audited action of the route `request` matched: its `@Audited` name, `<METHOD> <route>` under the admin prefix, or none. */
export function auditActionOf(request: FastifyRequest): string | undefined {
  const named = (request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[
    AUDIT_ACTION
  ];
  if (typeof named === 'string') return named;
  const route = request.routeOptions.url;
  return route?.startsWith(ADMIN_PATH_PREFIX) ? `${request.method} ${route}` : undefined;
}

/** The row for an audited request that is about to be answered. */
export function auditEntryFor(
  request: Request,
  reply: FastifyReply,
  action: string,
  payload: unknown,
): AuditEntry {
  return {
    actorId: request.user?.id ?? null,
    action,
    // A refused request's body is whatever the caller chose to send (and may be hostile or someone's
    // secret pasted by mistake): only what the admin actually did is worth keeping.
    params: bounded({
      ...nonEmpty('params', request.params),
      ...nonEmpty('query', request.query),
      ...(reply.statusCode < 400 ? nonEmpty('body', request.body) : {}),
    }) as Record<string, unknown>,
    result: bounded(reply.statusCode < 400 ? (request[AUDIT_RESULT] ?? {}) : problemOf(payload)),
    status: reply.statusCode,
    requestId: String(request.id),
  };
}

function nonEmpty(name: string, value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value === 'object' && Object.keys(value).length === 0) return {};
  return { [name]: value };
}

/** The problem document that was sent, reduced to its type and detail. */
function problemOf(payload: unknown): Record<string, unknown> {
  try {
    const problem = JSON.parse(typeof payload === 'string' ? payload : String(payload)) as {
      type?: unknown;
      detail?: unknown;
    };
    return { error: problem.type ?? 'unknown', detail: problem.detail ?? null };
  } catch {
    return { error: 'unknown' };
  }
}

/**
 * The value as JSON of at most `MAX_JSON_CHARS`; never throws (a hostile payload may nest past the stack).
 * A NUL anywhere in it (`?q=%00`) becomes "␀": PostgreSQL's jsonb refuses `\u0000`, and the row would be lost.
 */
function bounded(value: unknown): unknown {
  let json: string;
  try {
    json = withoutNul(JSON.stringify(value ?? {}));
  } catch {
    return { unserializable: true };
  }
  return json.length <= MAX_JSON_CHARS
    ? JSON.parse(json)
    : { truncated: true, preview: json.slice(0, MAX_JSON_CHARS) };
}

/** JSON text with each escaped NUL replaced by U+2400 (␀). Escaped backslashes are read as pairs, so `\\u0000` (a backslash, then "u0000") stays. */
function withoutNul(json: string): string {
  return json.replace(/\\(?:\\|u0000)/g, (escape) => (escape === '\\\\' ? escape : '\u2400'));
}
