import { AppConfig } from '#src/config/app-config.js';

/**
 * Returns the PostgreSQL connection string to use. With `DATABASE_URL` unset an embedded PostgreSQL
 * (PGlite) is started first — see the embedded-defaults issue.
 */
export async function resolveDatabaseUrl(config: AppConfig): Promise<string> {
  if (config.database.url) return config.database.url;
  throw new Error('DATABASE_URL is required (embedded PostgreSQL is not available yet)');
}
