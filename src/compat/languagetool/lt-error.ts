/**
 * An error LanguageTool clients understand: the status they expect and a plain-text `Error: <reason>`
 * body (the documented exception to problem details). `retryAfterSeconds` becomes `Retry-After`.
 */
export class LanguageToolError extends Error {
  public constructor(
    public readonly status: number,
    reason: string,
    public readonly retryAfterSeconds?: number,
  ) {
    super(reason);
    this.name = 'LanguageToolError';
  }
}
