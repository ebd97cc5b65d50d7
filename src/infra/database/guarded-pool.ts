import pg from 'pg';

import type { CircuitBreaker } from '#src/infra/resilience/circuit-breaker.js';

import { isDatabaseUnreachable } from './database-errors.js';

type ConnectCallback = (err: Error | undefined, client?: pg.PoolClient, release?: () => void) => void;

/**
 * A node-postgres pool whose connections are taken through PostgreSQL's circuit breaker. While it is
 * open nobody waits for a connection timeout: `connect` fails at once with a "not reachable" socket error,
 * which Prisma reports as P1001 and the error filter answers as a 503 naming PostgreSQL. The breaker's
 * background probe (a fresh connection) closes it again once the server answers.
 */
export function guardedPool(
  config: pg.PoolConfig,
  breaker: () => CircuitBreaker,
): pg.Pool & { probe: () => Promise<void> } {
  const pool = new pg.Pool(config);
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;

  const guarded = async (): Promise<pg.PoolClient> => {
    const circuit = breaker();
    if (!circuit.allowsRequest())
      throw Object.assign(new Error('PostgreSQL is unreachable (circuit open)'), { code: 'ECONNREFUSED' });
    try {
      const client = await connect();
      circuit.recordSuccess();
      return client;
    } catch (err) {
      if (isDatabaseUnreachable(err)) circuit.recordFailure();
      throw err;
    }
  };
  // pg's own `query` takes connections through the callback form; Prisma's transactions the promise form.
  pool.connect = ((callback?: ConnectCallback) => {
    if (!callback) return guarded();
    guarded().then(
      (client) => callback(undefined, client, () => client.release()),
      (err: Error) => callback(err),
    );
    return undefined;
  }) as typeof pool.connect;
  return Object.assign(pool, { probe: async () => (await connect()).release() });
}
