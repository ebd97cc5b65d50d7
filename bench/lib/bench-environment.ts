// What the benchmark borrows from the shared PostgreSQL and Redis, and gives back: one throwaway database
// (created empty and migrated with the app's own Migrator) and one Redis key prefix. Neither is ever
// shared with a test run, and nothing outside them is touched (no FLUSHALL, no DROP of other databases).
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

import { Redis } from 'ioredis';
import pg from 'pg';

import { Migrator } from '#src/infra/database/migrator.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
/** Databases of benchmark runs start with this; leftovers of killed runs older than a day are dropped. */
const DATABASE_PREFIX = 'pp_bench_';

export interface BenchEnvironmentOptions {
  /** Admin connection (the `postgres` database), trust auth on loopback like the tests. */
  adminUrl: string;
  redisUrl: string;
}

export class BenchEnvironment {
  public readonly databaseName: string;
  public readonly databaseUrl: string;
  /** REDIS_KEY_PREFIX of the instances under test: every key they write starts with it. */
  public readonly keyPrefix: string;
  public readonly redisUrl: string;
  private readonly adminUrl: string;

  private constructor(options: BenchEnvironmentOptions, databaseName: string, keyPrefix: string) {
    this.adminUrl = options.adminUrl;
    this.redisUrl = options.redisUrl;
    this.databaseName = databaseName;
    this.keyPrefix = keyPrefix;
    const url = new URL(options.adminUrl);
    url.pathname = `/${databaseName}`;
    this.databaseUrl = url.toString();
  }

  public static async create(options: BenchEnvironmentOptions): Promise<BenchEnvironment> {
    const stamp = Date.now().toString(36);
    const env = new BenchEnvironment(
      options,
      `${DATABASE_PREFIX}${stamp}_${randomBytes(3).toString('hex')}`,
      `bench${randomBytes(4).toString('hex')}:`,
    );
    await env.admin(async (c) => {
      await dropStaleBenchDatabases(c);
      await c.query(`CREATE DATABASE "${env.databaseName}"`);
    });
    await env.withDatabase((c) => new Migrator(c, MIGRATIONS_DIR).migrate());
    return env;
  }

  /** Runs `fn` on a connection to the throwaway database. */
  public async withDatabase<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  public redis(): Redis {
    return new Redis(this.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
  }

  /** Drops the database and UNLINKs every key under the prefix (SCAN, never KEYS or FLUSH*). */
  public async destroy(): Promise<void> {
    const redis = this.redis();
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.keyPrefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.unlink(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    await this.admin((c) => c.query(`DROP DATABASE IF EXISTS "${this.databaseName}" WITH (FORCE)`));
  }

  private async admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }
}

async function dropStaleBenchDatabases(admin: pg.Client): Promise<void> {
  const dayAgo = (Date.now() - 24 * 3600_000).toString(36);
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND datname < $2`,
    [DATABASE_PREFIX, `${DATABASE_PREFIX}${dayAgo}`],
  );
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
}
