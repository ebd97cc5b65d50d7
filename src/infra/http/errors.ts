/**
 * Domain errors: services throw these, `ProblemDetailsFilter` renders them as RFC 9457 problem details.
 * `code` is stable (it becomes the problem `type`); `title` is human-readable and fixed per code.
 */
export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  public constructor(
    public readonly status: number,
    public readonly code: string,
    public readonly title: string,
    detail?: string,
    public readonly extensions: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(detail ?? title, options);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  public constructor(
    public readonly errors: FieldError[],
    detail = 'The request is invalid; see `errors` for each field.',
  ) {
    super(400, 'validation-failed', 'Validation Failed', detail, { errors });
  }
}

export class BadRequestError extends AppError {
  public constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super(400, 'bad-request', 'Bad Request', detail, extensions);
  }
}

export class UnauthorizedError extends AppError {
  public constructor(detail = 'Authentication is required.') {
    super(401, 'unauthorized', 'Unauthorized', detail);
  }
}

export class ForbiddenError extends AppError {
  public constructor(detail = 'You are not allowed to do this.') {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}

export class NotFoundError extends AppError {
  public constructor(detail = 'The resource does not exist.', extensions: Record<string, unknown> = {}) {
    super(404, 'not-found', 'Not Found', detail, extensions);
  }
}

export class ConflictError extends AppError {
  public constructor(detail: string) {
    super(409, 'conflict', 'Conflict', detail);
  }
}

export class PreconditionFailedError extends AppError {
  public constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super(412, 'precondition-failed', 'Precondition Failed', detail, extensions);
  }
}

export class PayloadTooLargeError extends AppError {
  public constructor(detail: string) {
    super(413, 'payload-too-large', 'Payload Too Large', detail);
  }
}

export class TooManyRequestsError extends AppError {
  public constructor(
    public readonly retryAfterSeconds: number,
    detail = 'Too many requests; retry later.',
  ) {
    super(429, 'rate-limited', 'Too Many Requests', detail, { retryAfter: retryAfterSeconds });
  }
}

/**
 * An upstream (Free Dictionary, Gemini, …) could not answer: timeout, 5xx, open circuit. `retryAfterSeconds`
 * when it is known when to try again (an open circuit's next probe): sent as `Retry-After`.
 */
export class UpstreamUnavailableError extends AppError {
  public constructor(
    public readonly upstream: string,
    detail?: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    const retryAfter = options?.retryAfterSeconds;
    super(
      503,
      'upstream-unavailable',
      'Upstream Unavailable',
      detail ?? `${upstream} is unavailable.`,
      retryAfter === undefined ? { upstream } : { upstream, retryAfter },
      { cause: options?.cause },
    );
  }
}

/**
 * A dependency of our own (PostgreSQL, Redis) is down: a 503 naming it, with `Retry-After`, instead of a
 * 500. The client's request was fine; retrying once the dependency is back will work.
 */
export class DependencyUnavailableError extends AppError {
  public constructor(
    public readonly dependency: 'postgresql' | 'redis',
    detail: string,
    retryAfterSeconds = 5,
    options?: { cause?: unknown },
  ) {
    super(
      503,
      'dependency-unavailable',
      'Service Unavailable',
      detail,
      { dependency, retryAfter: retryAfterSeconds },
      options,
    );
  }
}
