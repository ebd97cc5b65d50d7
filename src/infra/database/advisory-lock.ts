import type { Prisma } from '#src/generated/prisma/client.js';

/**
 * Takes a transaction-scoped advisory lock on `key` (PostgreSQL's 64-bit hash of it): transactions naming
 * the same key run one after another, on every instance. For a check and the write it allows ("fewer than
 * 20 keys? insert one") that two requests must not both pass. Released at commit or rollback, so it is
 * safe behind PgBouncer's transaction pooling; the next statement of the transaction sees what the
 * previous holder committed (READ COMMITTED takes a snapshot per statement).
 */
export async function lockKey(tx: Prisma.TransactionClient, key: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}
