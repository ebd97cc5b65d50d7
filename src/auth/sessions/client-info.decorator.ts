import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { ClientInfo } from './session.types.js';

const MAX_USER_AGENT = 512;

/**
 * Where the request came from. The IP is Fastify's `request.ip`: X-Forwarded-For counts only through
 * proxies TRUST_PROXY trusts, so a client cannot pick its own address (the same rule the rate limiter uses).
 */
export const Client = createParamDecorator((_data: unknown, ctx: ExecutionContext): ClientInfo => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, MAX_USER_AGENT) : null,
  };
});
