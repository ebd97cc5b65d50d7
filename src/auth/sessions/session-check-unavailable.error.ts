import { AppError } from '#src/infra/http/errors.js';

/** Liveness could not be checked (PostgreSQL unreachable and nothing cached): retry, do not log out. */
export class SessionCheckUnavailableError extends AppError {
  public constructor(cause: unknown) {
    super(
      503,
      'service-unavailable',
      'Service Unavailable',
      'Could not verify the session; retry shortly.',
      {},
      { cause },
    );
  }
}
