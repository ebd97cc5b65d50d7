import { parseArgs } from 'node:util';

import pg from 'pg';

import { PasswordHasher } from '../passwords/password-hasher.js';
import { newPasswordSchema } from '../passwords/password.policy.js';
import { emailSchema } from '../users/email.js';
import { createOrPromoteAdmin } from './admin-bootstrap.js';

const USAGE = `Usage: npm run admin:create -- --email <email> [--password <password>]

Creates an admin account, or promotes the existing account with this email (its password is kept).
--password is required when the account does not exist yet (8-128 characters).
Connects to DATABASE_URL.`;

export interface CommandIo {
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
}

/** `admin:create`: returns the process exit code (0 done, 1 failed, 2 bad usage). */
export async function runAdminCreate(argv: string[], io: CommandIo): Promise<number> {
  let values: { email?: string; password?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const email = emailSchema.safeParse(values.email ?? '');
  if (!email.success) {
    io.err(`--email must be an email address.\n\n${USAGE}`);
    return 2;
  }
  const password = values.password === undefined ? undefined : newPasswordSchema.safeParse(values.password);
  if (password && !password.success) {
    io.err(`--password ${password.error.issues[0].message}.`);
    return 2;
  }
  // An entry point like main.ts: this is where the CLI's environment is read.
  const databaseUrl = io.env.DATABASE_URL;
  if (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    io.err('DATABASE_URL must be set to the PostgreSQL the service uses (postgresql://…).');
    return 2;
  }

  const client = new pg.Client({ connectionString: databaseUrl });
  // A connection dropped by the server surfaces as the failed query below, not as a crash.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const hasher = new PasswordHasher();
    const result = await createOrPromoteAdmin(client, {
      email: email.data,
      passwordHash: async () => {
        if (!password) throw new MissingPasswordError();
        return hasher.hash(password.data);
      },
    });
    io.out(
      result.created
        ? `Created admin ${result.email} (${result.id}).`
        : `Promoted ${result.email} (${result.id}) to admin; password unchanged.`,
    );
    return 0;
  } catch (err) {
    if (err instanceof MissingPasswordError) {
      io.err(`No account has the email ${email.data}: pass --password to create it.`);
      return 2;
    }
    io.err(`admin:create failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await client.end().catch(() => undefined);
  }
}

class MissingPasswordError extends Error {}
