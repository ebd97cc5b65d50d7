import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { databaseUnavailable, isDatabaseUnreachable } from '#src/infra/database/database-errors.js';

import { AppError, TooManyRequestsError } from './errors.js';

export const PROBLEM_TYPE_BASE = 'https://prosepolish.dev/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  [extension: string]: unknown;
}

const TITLE_CODES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  408: 'request-timeout',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  414: 'uri-too-long',
  415: 'unsupported-media-type',
  429: 'rate-limited',
  431: 'request-header-fields-too-large',
  503: 'service-unavailable',
};

/** The one error format of the API: RFC 9457 problem details, whatever was thrown. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  public catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // PostgreSQL down surfaces as whatever Prisma threw, from any repository: one 503 naming it.
    const problem = this.toProblem(
      isDatabaseUnreachable(exception) ? databaseUnavailable(exception) : exception,
    );
    problem.instance = request.url?.split('?')[0];
    problem.requestId = String(request.id);

    if (problem.status >= 500) {
      this.logger.error({ err: exception, requestId: request.id }, 'request failed');
    }
    if (problem.status === 503 && typeof problem.retryAfter === 'number') {
      void reply.header('Retry-After', String(problem.retryAfter));
    }
    if (exception instanceof TooManyRequestsError || problem.status === 429) {
      const retryAfter = Number(
        problem.retryAfter ?? (reply.getHeader('retry-after') as string | undefined) ?? 1,
      );
      problem.retryAfter = retryAfter;
      void reply.header('Retry-After', String(retryAfter));
    }
    void reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof AppError) {
      return {
        type: PROBLEM_TYPE_BASE + exception.code,
        title: exception.title,
        status: exception.status,
        detail: exception.message,
        ...exception.extensions,
      };
    }
    if (exception instanceof ThrottlerException) {
      return this.fromStatus(
        HttpStatus.TOO_MANY_REQUESTS,
        'Too Many Requests',
        'Rate limit exceeded; retry later.',
      );
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail =
        typeof body === 'string'
          ? body
          : Array.isArray((body as { message?: unknown }).message)
            ? (body as { message: string[] }).message.join('; ')
            : String((body as { message?: unknown }).message ?? exception.message);
      return this.fromStatus(
        status,
        httpTitle(status),
        status >= 500 ? 'An unexpected error occurred.' : detail,
      );
    }
    // Fastify's own errors (bad JSON, body too large, unsupported media type) carry a 4xx statusCode.
    const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      return this.fromStatus(fastifyStatus, httpTitle(fastifyStatus), String((exception as Error).message));
    }
    return this.fromStatus(500, 'Internal Server Error', 'An unexpected error occurred.');
  }

  private fromStatus(status: number, title: string, detail: string): ProblemDetails {
    return {
      type: PROBLEM_TYPE_BASE + (TITLE_CODES[status] ?? (status >= 500 ? 'internal' : 'error')),
      title,
      status,
      detail,
    };
  }
}

/**
 * Fastify's `frameworkErrors`: errors raised before routing (a broken percent-encoding, a path parameter
 * past `maxParamLength`) never reach Nest's filters, so they are answered here in the same format.
 */
export function sendFrameworkProblem(
  error: Error & { statusCode?: number },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const detail =
    status === 414
      ? 'A path segment is too long.'
      : 'The request URL is malformed (for example, a broken percent-encoding).';
  const problem: ProblemDetails = {
    type: PROBLEM_TYPE_BASE + (TITLE_CODES[status] ?? 'bad-request'),
    title: httpTitle(status),
    status,
    detail,
    requestId: String(request.id),
  };
  void reply.status(status).header('X-Request-Id', request.id).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/**
 * Fastify's `clientErrorHandler`: bytes that are not HTTP (or a request that timed out, or headers past
 * the limit) are answered on the raw socket, before any request exists, still as a problem document.
 */
export function writeClientErrorProblem(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status =
    err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({
    type: PROBLEM_TYPE_BASE + TITLE_CODES[status],
    title: httpTitle(status),
    status,
    detail: 'The request could not be read as HTTP.',
  });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function httpTitle(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  if (!name) return status >= 500 ? 'Internal Server Error' : 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}
