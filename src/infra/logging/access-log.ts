import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { PinoLogger } from 'nestjs-pino';

import { withRequestLogFields } from './request-log-context.js';

/** Probes and scrapes: every few seconds from every kubelet and Prometheus, nothing an operator reads. */
const UNLOGGED = /^\/(health|metrics)(\/|$)/;

/**
 * The request log, as two Fastify hooks on every request:
 * - `onRequest` gives the rest of the request its fields (`req {id, method, url}`), which every line logged
 *   meanwhile carries (`requestLogMixin`);
 * - `onResponse` writes the access line, `request completed` with `req`, `res {statusCode}` and
 *   `responseTime` (ms), exactly once per request.
 *
 * Hooks rather than pino-http as Nest middleware, which ran twice on the paths outside the global prefix
 * (LanguageTool's `/v2/*`), never on the Free Dictionary mirror, and cost ~10 % of a cached lookup's CPU.
 * `url` is the path without its query string: LanguageTool clients may send their `apiKey` and the
 * writer's whole text there.
 */
@Injectable()
export class AccessLog implements OnModuleInit {
  public constructor(private readonly adapterHost: HttpAdapterHost) {}

  public onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    // An application context without HTTP (CLI) has nothing to log.
    if (!fastify?.addHook) return;
    fastify.addHook('onRequest', (request, _reply, done) => {
      withRequestLogFields({ id: request.id, method: request.method, url: pathOf(request.url) }, done);
    });
    fastify.addHook('onResponse', async (request, reply) => {
      if (UNLOGGED.test(pathOf(request.url)) || !PinoLogger.root.isLevelEnabled('info')) return;
      // The raw request and response: LoggingModule's serializers pick the fields.
      PinoLogger.root.info(
        { req: request.raw, res: reply.raw, responseTime: Math.round(reply.elapsedTime) },
        'request completed',
      );
    });
  }
}

/** The request's path, without the query string. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}
