import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';

import { EmbeddedPostgres } from '#src/infra/database/embedded-postgres.js';

/** What one query over the embedded server's socket answers. */
async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

describe('EmbeddedPostgres', { timeout: 60_000 }, () => {
  let dataDir: string | undefined;

  afterEach(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('runs with small shared buffers, on a new data directory and on reopening it, keeping the data', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pp-embedded-pg-'));
    const first = await EmbeddedPostgres.start(dataDir);
    try {
      expect(await query(first.connectionString, 'SHOW shared_buffers')).toEqual([
        { shared_buffers: '16MB' },
      ]);
      await query(
        first.connectionString,
        `INSERT INTO users (id, email, password_hash, updated_at)
        VALUES (gen_random_uuid(), 'kept@example.com', 'x', now())`,
      );
    } finally {
      await first.stop();
    }

    const again = await EmbeddedPostgres.start(dataDir);
    try {
      expect(await query(again.connectionString, 'SHOW shared_buffers')).toEqual([
        { shared_buffers: '16MB' },
      ]);
      expect(await query(again.connectionString, 'SELECT email FROM users')).toEqual([
        { email: 'kept@example.com' },
      ]);
    } finally {
      await again.stop();
    }
  });
});
