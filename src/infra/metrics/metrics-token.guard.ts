import { createHash, timingSafeEqual } from 'node:crypto';

import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { AppConfig } from '#src/config/app-config.js';
import { UnauthorizedError } from '#src/infra/http/errors.js';

/**
 * `/metrics` is public to the JWT guard (Prometheus has no user account) but, when `METRICS_TOKEN` is set,
 * needs `Authorization: Bearer <METRICS_TOKEN>`. Compared in constant time (on digests, so the length of
 * the token does not leak either).
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  public constructor(config: AppConfig) {
    this.expected = config.metrics.token ? digest(config.metrics.token) : null;
  }

  public canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const match = /^Bearer (.+)$/i.exec(header);
    if (match && timingSafeEqual(digest(match[1]), this.expected)) return true;
    throw new UnauthorizedError('A valid metrics token is required (Authorization: Bearer <METRICS_TOKEN>).');
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
