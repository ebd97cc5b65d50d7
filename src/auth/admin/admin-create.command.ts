import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import pg from 'pg';

import { isAlive, readEmbeddedLock } from '#src/infra/database/embedded-lock.js';
import { EmbeddedPostgres } from '#src/infra/database/embedded-postgres.js';

import { newPasswordSchema } from '../passwords/password.policy.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { emailSchema } from '../users/email.js';
import { type AdminAccount, createAdmin, promoteToAdmin } from './admin-bootstrap.js';
import { forgetCachedSessions } from './session-cache-eviction.js';

const USAGE = `Usage:
  npm run admin:create -- --email <email> --password <password>   create a NEW admin account
  npm run admin:create -- --email <email> --promote               make an EXISTING account admin

Creating refuses an email that already has an account: whoever registered it keeps their password and
role. Promoting takes no password and prints whose account it promoted; check it is yours.
Passwords: 8-128 characters. Connects to DATABASE_URL; without it, to the embedded PostgreSQL under
DATA_DIR (.data) that \`npm start\` runs without a .env, whether the service is running or not.`;

export interface CommandIo {
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
}

type Parsed = { email: string; password?: string; promote: boolean } | { exit: number };

/** `admin:create`: returns the process exit code (0 done, 1 refused or failed, 2 bad usage). */
export async function runAdminCreate(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parse(argv, io);
  if ('exit' in parsed) return parsed.exit;
  // An entry point like main.ts: this is where the CLI's environment is read.
  const databaseUrl = io.env.DATABASE_URL;
  if (databaseUrl !== undefined && databaseUrl !== '' && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    io.err(
      'DATABASE_URL must be the PostgreSQL the service uses (postgresql://…), or unset for the embedded one.',
    );
    return 2;
  }

  let database: AdminDatabase | undefined;
  let client: pg.Client | undefined;
  try {
    database = databaseUrl ? { url: databaseUrl, close: async () => {} } : await embeddedDatabase(io);
    client = new pg.Client({ connectionString: database.url });
    // A connection dropped by the server surfaces as the failed query below, not as a crash.
    client.on('error', () => undefined);
    await client.connect();
    return parsed.promote
      ? await promote(client, parsed.email, io)
      : await create(client, parsed.email, parsed.password!, io);
  } catch (err) {
    io.err(`admin:create failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await client?.end().catch(() => undefined);
    await database?.close();
  }
}

interface AdminDatabase {
  url: string;
  close(): Promise<void>;
}

/**
 * No DATABASE_URL: the embedded PostgreSQL under DATA_DIR that `npm start` runs without a `.env` — through
 * the running service's socket (named in the data directory's lock), or opened here while no service runs.
 */
async function embeddedDatabase(io: CommandIo): Promise<AdminDatabase> {
  const dataDir = resolve(io.env.DATA_DIR || '.data');
  const owner = await readEmbeddedLock(dataDir);
  if (owner?.connectionString && isAlive(owner.pid)) {
    io.out(`Using the embedded PostgreSQL of the running service (process ${owner.pid}) under ${dataDir}.`);
    return { url: owner.connectionString, close: async () => {} };
  }
  io.out(`Opening the embedded PostgreSQL under ${dataDir} (DATABASE_URL is not set).`);
  const embedded = await EmbeddedPostgres.start(dataDir);
  return { url: embedded.connectionString, close: () => embedded.stop() };
}

async function create(client: pg.Client, email: string, password: string, io: CommandIo): Promise<number> {
  const account = await createAdmin(client, {
    email,
    passwordHash: await new PasswordHasher().hash(password),
  });
  if (!account) {
    io.err(
      `An account with the email ${email} already exists; nothing was changed. ` +
        `If it is yours, promote it with --promote (no --password); otherwise choose another email.`,
    );
    return 1;
  }
  io.out(`Created admin ${account.email} (${account.id}).`);
  return 0;
}

async function promote(client: pg.Client, email: string, io: CommandIo): Promise<number> {
  const account = await promoteToAdmin(client, email);
  if (!account) {
    io.err(`No account has the email ${email}; nothing was changed. Create one with --password.`);
    return 1;
  }
  io.out(`Promoted ${describe(account)} to admin; password unchanged.`);
  try {
    if (await forgetCachedSessions(client, account.id, io.env))
      io.out('Its signed-in sessions have the admin role from their next request.');
    // Without Redis the sessions' records live in the service's memory, out of this command's reach.
    else io.out('A new sign-in has the admin role: sign out and in again.');
  } catch (err) {
    io.err(
      `Redis could not be reached (${(err as Error).message}): signed-in sessions get the role within 5 minutes.`,
    );
  }
  return 0;
}

function describe(account: AdminAccount): string {
  const name = account.displayName ? `"${account.displayName}" ` : '';
  return `${name}${account.email} (${account.id}, registered ${account.createdAt.toISOString()})`;
}

function parse(argv: string[], io: CommandIo): Parsed {
  let values: { email?: string; password?: string; promote?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        promote: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return { exit: 2 };
  }
  if (values.help) {
    io.out(USAGE);
    return { exit: 0 };
  }
  const email = emailSchema.safeParse(values.email ?? '');
  if (!email.success) {
    io.err(`--email must be an email address.\n\n${USAGE}`);
    return { exit: 2 };
  }
  const promote = values.promote === true;
  if (promote === (values.password !== undefined)) {
    io.err(`Pass exactly one of --password (create) or --promote (existing account).\n\n${USAGE}`);
    return { exit: 2 };
  }
  if (values.password !== undefined) {
    const password = newPasswordSchema.safeParse(values.password);
    if (!password.success) {
      io.err(`--password ${password.error.issues[0].message}.`);
      return { exit: 2 };
    }
    return { email: email.data, password: password.data, promote };
  }
  return { email: email.data, promote };
}
