/** A session as the owner sees it in `GET /auth/sessions`. */
export interface SessionSummary {
  id: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: Date;
  lastUsedAt: Date;
}

/** Where a login came from: recorded on the session, shown in the sessions list. */
export interface ClientInfo {
  /** Fastify's `request.ip`: the socket address, or X-Forwarded-For's client only when TRUST_PROXY trusts the hop. */
  ip: string;
  userAgent: string | null;
}

export type RevocationReason =
  'logout' | 'logout-all' | 'deleted' | 'password-changed' | 'refresh-token-reuse';
