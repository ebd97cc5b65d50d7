import { DependencyUnavailableError } from '#src/infra/http/errors.js';

/** Prisma's "cannot reach / lost the server / pool timed out" codes. */
const UNREACHABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** node-postgres and PostgreSQL's own: connection refused or reset, admin shutdown, cannot connect now. */
const UNREACHABLE_DRIVER_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P03',
  '08001',
  '08006',
]);
const UNREACHABLE_MESSAGE =
  /can't reach database server|connection terminated|timeout exceeded when trying to connect|server closed the connection|connection refused/i;

/**
 * Whether `err` says PostgreSQL could not be reached (as opposed to a query that was wrong): Prisma's
 * codes, the driver's codes anywhere in the cause chain, or — for raw queries, where Prisma reports
 * P2010 with the driver's message — that message.
 */
export function isDatabaseUnreachable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (
      typeof code === 'string' &&
      (UNREACHABLE_PRISMA_CODES.has(code) || UNREACHABLE_DRIVER_CODES.has(code))
    )
      return true;
    if (typeof message === 'string' && UNREACHABLE_MESSAGE.test(message)) return true;
    e = cause;
  }
  return false;
}

/** The 503 to answer when `isDatabaseUnreachable(err)`. */
export function databaseUnavailable(err: unknown): DependencyUnavailableError {
  return new DependencyUnavailableError(
    'postgresql',
    'PostgreSQL is unavailable; nothing was changed. Retry shortly.',
    5,
    { cause: err },
  );
}
