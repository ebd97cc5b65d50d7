import { Logger } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';

import { EmbeddedPostgres } from './embedded-postgres.js';

export interface ResolvedDatabase {
  url: string;
  /** PGlite's socket serves one connection at a time well; transactions must not interleave. */
  poolSize: number;
  embedded?: EmbeddedPostgres;
}

/**
 * The PostgreSQL the app will use: `DATABASE_URL`, or — when it is unset — an embedded PostgreSQL
 * (PGlite) under DATA_DIR, started and migrated before the Nest container is built.
 */
export async function resolveDatabase(config: AppConfig): Promise<ResolvedDatabase> {
  if (config.database.url) return { url: config.database.url, poolSize: config.database.poolSize };
  const logger = new Logger('EmbeddedPostgres');
  const embedded = await EmbeddedPostgres.start(config.database.dataDir, {
    log: (m) => logger.log(m),
    warn: (m) => logger.warn(m),
  });
  return { url: embedded.connectionString, poolSize: 1, embedded };
}

/** The start-up banner: which embedded defaults are active and what that means. */
export function embeddedDefaultsBanner(config: AppConfig): string | null {
  const lines: string[] = [];
  if (config.embeddedDatabase) {
    lines.push(
      `PostgreSQL: embedded (PGlite), data under ${config.database.dataDir}/postgres — DATABASE_URL is not set`,
    );
  }
  if (config.embeddedRedis) {
    lines.push('Redis: none — in-process cache tiers, rate limiter and event bus (REDIS_URL is not set)');
  }
  if (!config.gemini.apiKey)
    lines.push(
      'Gemini: not configured — corrections come from the local checker (GEMINI_API_KEY is not set)',
    );
  if (lines.length === 0) return null;
  const limits =
    config.embeddedDatabase || config.embeddedRedis
      ? [
          'Embedded defaults are for a single instance on one machine: do not run several instances, not for production.',
        ]
      : [];
  return ['Running with embedded defaults:', ...lines.map((l) => `  • ${l}`), ...limits].join('\n');
}
