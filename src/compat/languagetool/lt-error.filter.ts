import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import { AppError, TooManyRequestsError } from '#src/infra/http/errors.js';

import { LanguageToolError } from './lt-error.js';

/**
 * Errors of the `/v2` routes as LanguageTool's server writes them: `Error: <reason>` in plain text with
 * 400 (bad parameters), 403 (bad credentials), 413 (text too long) or 429 (with `Retry-After`). Whatever
 * else fails keeps its status (a 503 stays a 503) and never shows internals.
 */
@Catch()
export class LanguageToolErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(LanguageToolErrorFilter.name);

  public catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, reason, retryAfter } = this.describe(exception);
    if (status >= 500) this.logger.error({ err: exception }, 'LanguageTool API request failed');
    if (retryAfter !== undefined) void reply.header('Retry-After', String(retryAfter));
    void reply.status(status).type('text/plain; charset=utf-8').send(`Error: ${reason}`);
  }

  private describe(exception: unknown): { status: number; reason: string; retryAfter?: number } {
    if (exception instanceof LanguageToolError)
      return { status: exception.status, reason: exception.message, retryAfter: exception.retryAfterSeconds };
    if (exception instanceof TooManyRequestsError)
      return { status: 429, reason: exception.message, retryAfter: exception.retryAfterSeconds };
    if (exception instanceof AppError) {
      const retryAfter = exception.extensions.retryAfter;
      return {
        status: exception.status,
        reason: exception.message,
        retryAfter: typeof retryAfter === 'number' ? retryAfter : undefined,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return {
        status,
        reason: status >= 500 ? 'Internal error' : exception.message,
        ...(status === 429 ? { retryAfter: 60 } : {}),
      };
    }
    const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500)
      return { status: fastifyStatus, reason: String((exception as Error).message) };
    return { status: 500, reason: 'Internal error' };
  }
}
