import { normalizeEmail } from '../users/email.js';

/** The slice of `pg.Client`/`pg.Pool` this needs, so the CLI and the test helpers share it. */
export interface SqlClient {
  query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

export interface AdminBootstrapResult {
  id: string;
  email: string;
  /** true: a new admin account; false: an existing account was promoted (its password is unchanged). */
  created: boolean;
}

/**
 * The only way to become admin (`npm run admin:create`, and the test helpers' `createAdmin`): promote the
 * account with this email, or create it as an admin with `passwordHash`. Plain SQL so it runs without
 * the Nest container or the Prisma client.
 */
export async function createOrPromoteAdmin(
  db: SqlClient,
  input: { email: string; passwordHash: () => Promise<string> },
): Promise<AdminBootstrapResult> {
  const email = normalizeEmail(input.email);
  const promoted = await promoteToAdmin(db, email);
  if (promoted) return { id: promoted, email, created: false };
  const passwordHash = await input.passwordHash();
  // ON CONFLICT: someone registered this email between the two statements — promote them instead.
  const { rows } = await db.query<{ id: string; created: boolean }>(
    `INSERT INTO users (id, email, password_hash, role, created_at, updated_at)
     VALUES (gen_random_uuid(), $1, $2, 'admin', now(), now())
     ON CONFLICT (email) DO UPDATE SET role = 'admin', updated_at = now()
     RETURNING id::text AS id, (xmax = 0) AS created`,
    [email, passwordHash],
  );
  return { id: rows[0].id, email, created: rows[0].created };
}

/** Makes an existing account admin; returns its id, or undefined when no account has this email. */
export async function promoteToAdmin(db: SqlClient, email: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE users SET role = 'admin', updated_at = now() WHERE email = $1 RETURNING id::text AS id`,
    [normalizeEmail(email)],
  );
  return rows[0]?.id;
}
