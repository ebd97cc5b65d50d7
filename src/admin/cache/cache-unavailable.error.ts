import { AppError } from '#src/infra/http/errors.js';

/** 503: Redis is configured but not answering, so an admin cache operation would silently do nothing. */
export class CacheUnavailableError extends AppError {
  public constructor(what: string) {
    super(
      503,
      'cache-unavailable',
      'Service Unavailable',
      `Redis is unavailable; ${what}. Retry when /health/ready reports it up.`,
    );
  }
}
