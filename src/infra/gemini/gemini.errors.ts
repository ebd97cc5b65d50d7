/** Gemini answered with an HTTP error. `retryDelayMs` is the server's RetryInfo hint, when it sent one. */
export class GeminiHttpError extends Error {
  public constructor(
    public readonly status: number,
    message: string,
    public readonly retryDelayMs?: number,
  ) {
    super(`gemini HTTP ${status}: ${message}`);
    this.name = 'GeminiHttpError';
  }

  /** 429 and 5xx are worth another attempt; other 4xx are our request's fault and would fail again. */
  public get retryable(): boolean {
    return this.status === 429 || this.status === 408 || this.status >= 500;
  }
}

/** One attempt took longer than `GEMINI_TIMEOUT_MS` (or the request's overall deadline). */
export class GeminiTimeoutError extends Error {
  public constructor(ms: number) {
    super(`gemini did not answer within ${ms} ms`);
    this.name = 'GeminiTimeoutError';
  }
}

/** No `GEMINI_API_KEY`: corrections are local only. */
export class GeminiNotConfiguredError extends Error {
  public constructor() {
    super('GEMINI_API_KEY is not set');
    this.name = 'GeminiNotConfiguredError';
  }
}

/**
 * The RetryInfo hint of a Google error body (`"retryDelay": "17s"` / `"1.5s"`), in ms. The SDK puts the
 * JSON error body in the error message, so that is where it is read from.
 */
export function retryDelayFromErrorBody(body: string): number | undefined {
  const match = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(body);
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}
