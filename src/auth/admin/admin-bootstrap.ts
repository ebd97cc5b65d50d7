import { normalizeEmail } from '../users/email.js';

/** The slice of `pg.Client`/`pg.Pool` this needs, so the CLI and the test helpers share it. */
export interface SqlClient {
  query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

export interface AdminAccount {
  id: string;
  email: string;
  displayName: string | null;
  createdAt: Date;
}

/**
 * Creates a new admin account, or returns undefined when the email is already taken. It never touches an
 * existing account: whoever registered the address first keeps their role, so a stranger who signs up as
 * `admin@…` before the operator runs `admin:create` cannot be promoted by accident (the security review's
 * finding). Plain SQL so it runs without the Nest container or the Prisma client.
 */
export async function createAdmin(
  db: SqlClient,
  input: { email: string; passwordHash: string },
): Promise<AdminAccount | undefined> {
  const { rows } = await db.query<AdminAccount>(
    `INSERT INTO users (id, email, password_hash, role, created_at, updated_at)
     VALUES (gen_random_uuid(), $1, $2, 'admin', now(), now())
     ON CONFLICT (email) DO NOTHING
     RETURNING id::text AS id, email, display_name AS "displayName", created_at AS "createdAt"`,
    [normalizeEmail(input.email), input.passwordHash],
  );
  return rows[0];
}

/** Makes an existing account admin; returns whose account it was, or undefined when no account has this email. */
export async function promoteToAdmin(db: SqlClient, email: string): Promise<AdminAccount | undefined> {
  const { rows } = await db.query<AdminAccount>(
    `UPDATE users SET role = 'admin', updated_at = now() WHERE email = $1
     RETURNING id::text AS id, email, display_name AS "displayName", created_at AS "createdAt"`,
    [normalizeEmail(email)],
  );
  return rows[0];
}
