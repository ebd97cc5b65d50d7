import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The one thing the migrator needs from a connection. A `pg.Client` and a PGlite instance both fit.
 * It must be ONE session (not a pool): the advisory lock and the transactions live on it.
 */
export interface SqlExecutor {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs a multi-statement script (PGlite's `exec`). Without it, `query(script)` is used (pg's simple protocol). */
  exec?(sql: string): Promise<unknown>;
}

export interface MigratorLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface MigratorOptions {
  /** How long to wait for another instance that is migrating. Default 60 s. */
  lockTimeoutMs?: number;
}

export interface MigrationResult {
  /** Names of the migrations applied by this run, in order. */
  applied: string[];
  /** How many migrations were already applied before this run. */
  alreadyApplied: number;
}

export class MigrationError extends Error {
  public override readonly name: string = 'MigrationError';
}

export class MigrationChecksumMismatchError extends MigrationError {
  public override readonly name = 'MigrationChecksumMismatchError';

  constructor(
    public readonly migrationName: string,
    public readonly recordedChecksum: string,
    public readonly fileChecksum: string,
  ) {
    super(
      `Migration ${migrationName} was changed after it was applied: the SHA-256 of its migration.sql is ` +
        `${fileChecksum}, but _prisma_migrations recorded ${recordedChecksum} when it was applied. ` +
        'Never edit an applied migration: restore the file and put the change in a new migration.',
    );
  }
}

export class FailedMigrationError extends MigrationError {
  public override readonly name = 'FailedMigrationError';

  constructor(
    public readonly migrationName: string,
    public readonly rowId: string,
    logs: string | null,
  ) {
    super(
      `Migration ${migrationName} started but never finished (_prisma_migrations row ${rowId} has no ` +
        `finished_at and no rolled_back_at)${logs ? `; its logs say: ${logs}` : ''}. Refusing to migrate ` +
        'until someone checks the database by hand. Once it is clean, mark the attempt as rolled back ' +
        `(UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = '${rowId}') and run again.`,
    );
  }
}

/** Same key as Prisma's schema engine, so this migrator and `prisma migrate deploy` exclude each other. */
const ADVISORY_LOCK_KEY = 72707369;
const LOCK_POLL_MS = 200;

/** Prisma's own DDL for its bookkeeping table (PostgreSQL flavour). */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationFile {
  name: string;
  script: string;
  checksum: string;
  /** Checksums this file may have been recorded with (line-ending variants, as Prisma accepts). */
  acceptedChecksums: Set<string>;
}

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  logs: string | null;
  finished_at: unknown;
  rolled_back_at: unknown;
}

const silentLogger: MigratorLogger = { log: () => undefined, warn: () => undefined };

/**
 * Applies `prisma/migrations/<name>/migration.sql` folders the way `prisma migrate deploy` does, without
 * Prisma's Rust schema engine: same `_prisma_migrations` table and rows (checksum = SHA-256 hex of the
 * file), same advisory lock. Unlike Prisma, each migration runs in one transaction, so a failure leaves
 * the schema untouched; the attempt is recorded with its error and `rolled_back_at` set (it was).
 */
export class Migrator {
  private readonly lockTimeoutMs: number;

  constructor(
    private readonly executor: SqlExecutor,
    private readonly migrationsDir: string,
    private readonly logger: MigratorLogger = silentLogger,
    options: MigratorOptions = {},
  ) {
    this.lockTimeoutMs = options.lockTimeoutMs ?? 60_000;
  }

  public async migrate(): Promise<MigrationResult> {
    const files = await this.readMigrationFiles();
    const locked = await this.acquireLock();
    try {
      await this.executor.query(CREATE_MIGRATIONS_TABLE);
      const rows = await this.executor.query<MigrationRow>(
        `SELECT "id", "checksum", "migration_name", "logs", "finished_at", "rolled_back_at"
           FROM "_prisma_migrations" ORDER BY "started_at", "id"`,
      );
      const pending = this.pendingMigrations(files, rows.rows);
      const applied: string[] = [];
      for (const file of pending) {
        await this.apply(file);
        applied.push(file.name);
      }
      const alreadyApplied = files.length - pending.length;
      this.logger.log(`Migrations: ${applied.length} applied, ${alreadyApplied} already applied.`);
      return { applied, alreadyApplied };
    } finally {
      if (locked) await this.releaseLock();
    }
  }

  /** Checks the recorded history against the files and returns what is left to apply. */
  private pendingMigrations(files: MigrationFile[], rows: MigrationRow[]): MigrationFile[] {
    const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
    if (failed) throw new FailedMigrationError(failed.migration_name, failed.id, failed.logs);

    const applied = new Map<string, MigrationRow>();
    for (const row of rows)
      if (row.finished_at !== null && row.rolled_back_at === null) applied.set(row.migration_name, row);

    const byName = new Map(files.map((file) => [file.name, file]));
    for (const name of applied.keys()) {
      if (!byName.has(name))
        this.logger.warn(`Migration ${name} is recorded as applied but missing from ${this.migrationsDir}.`);
    }
    for (const file of files) {
      const row = applied.get(file.name);
      if (row && !file.acceptedChecksums.has(row.checksum)) {
        throw new MigrationChecksumMismatchError(file.name, row.checksum, file.checksum);
      }
    }
    return files.filter((file) => !applied.has(file.name));
  }

  private async apply(file: MigrationFile): Promise<void> {
    const id = randomUUID();
    const started = performance.now();
    this.logger.log(`Applying migration ${file.name}`);
    await this.executor.query('BEGIN');
    try {
      await this.executor.query(
        `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "applied_steps_count")
         VALUES ($1, $2, $3, now(), 0)`,
        [id, file.checksum, file.name],
      );
      await this.runScript(file.script);
      await this.executor.query(
        `UPDATE "_prisma_migrations"
            SET "finished_at" = clock_timestamp(), "applied_steps_count" = "applied_steps_count" + 1
          WHERE "id" = $1`,
        [id],
      );
      await this.executor.query('COMMIT');
    } catch (err) {
      await this.executor.query('ROLLBACK').catch(() => undefined);
      const message = err instanceof Error ? err.message : String(err);
      await this.recordRolledBackAttempt(file, message);
      throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${message}`, {
        cause: err,
      });
    }
    this.logger.log(`Applied migration ${file.name} in ${Math.round(performance.now() - started)} ms`);
  }

  private async runScript(script: string): Promise<void> {
    if (this.executor.exec) await this.executor.exec(script);
    else await this.executor.query(script);
  }

  /** Keeps a trace of the failed attempt; `rolled_back_at` is set because the transaction undid it. */
  private async recordRolledBackAttempt(file: MigrationFile, logs: string): Promise<void> {
    try {
      await this.executor.query(
        `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "logs", "started_at", "rolled_back_at", "applied_steps_count")
         VALUES ($1, $2, $3, $4, now(), now(), 0)`,
        [randomUUID(), file.checksum, file.name, logs],
      );
    } catch (err) {
      this.logger.warn(`Could not record the failed attempt of ${file.name}: ${(err as Error).message}`);
    }
  }

  private async readMigrationFiles(): Promise<MigrationFile[]> {
    const entries = await readdir(this.migrationsDir, { withFileTypes: true });
    const names = entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    return Promise.all(
      names.map(async (name) => {
        const file = path.join(this.migrationsDir, name, 'migration.sql');
        const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
          throw new MigrationError(
            `Migration folder ${name} has no readable migration.sql (${err.code ?? err.message})`,
          );
        });
        const script = bytes.toString('utf8');
        const checksum = sha256(bytes);
        // Prisma accepts a file whose line endings were converted (git autocrlf) since it was applied.
        const accepted = new Set([
          checksum,
          sha256(script.replace(/\r\n/g, '\n')),
          sha256(script.replace(/\r?\n/g, '\r\n')),
        ]);
        return { name, script, checksum, acceptedChecksums: accepted };
      }),
    );
  }

  /** Waits for the migration lock; returns false when the database has no advisory locks at all. */
  private async acquireLock(): Promise<boolean> {
    const deadline = Date.now() + this.lockTimeoutMs;
    for (;;) {
      let acquired: boolean;
      try {
        const { rows } = await this.executor.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock($1) AS "locked"',
          [ADVISORY_LOCK_KEY],
        );
        acquired = rows[0]?.locked === true;
      } catch (err) {
        this.logger.warn(
          `Advisory locks unavailable (${(err as Error).message}); migrating without the lock.`,
        );
        return false;
      }
      if (acquired) return true;
      if (Date.now() >= deadline) {
        throw new MigrationError(
          `Timed out after ${this.lockTimeoutMs} ms waiting for the migration lock (pg_advisory_lock(${ADVISORY_LOCK_KEY})): another instance is migrating.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }

  private async releaseLock(): Promise<void> {
    try {
      await this.executor.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]);
    } catch (err) {
      // The lock is session-scoped: closing the connection releases it anyway.
      this.logger.warn(`Could not release the migration lock: ${(err as Error).message}`);
    }
  }
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
