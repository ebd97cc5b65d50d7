import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { PinoLogger } from 'nestjs-pino';

/** Probes and scrapes: every few seconds from every kubelet and Prometheus, nothing an operator reads. */
const UNLOGGED = /^\/(health|metrics)(\/|$)/;

/**
 * The access log: one line per answered request, `request completed` with `req {id, method, url}`, `res
 * {statusCode}` and `responseTime` (ms), written from Fastify's `onResponse` hook so that every request gets
 * exactly one. (pino-http's own line, from Nest middleware, came twice for the paths outside the global
 * prefix — LanguageTool's `/v2/*` — and never for the Free Dictionary mirror.) `url` is the path without its
 * query string: LanguageTool clients may send their `apiKey` and the writer's whole text there.
 */
@Injectable()
export class AccessLog implements OnModuleInit {
  public constructor(private readonly adapterHost: HttpAdapterHost) {}

  public onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    // An application context without HTTP (CLI) has nothing to log.
    if (!fastify?.addHook) return;
    fastify.addHook('onResponse', async (request, reply) => {
      if (UNLOGGED.test(pathOf(request.url)) || !PinoLogger.root.isLevelEnabled('info')) return;
      // The raw request and response, as pino-http logged them: LoggingModule's serializers pick the fields.
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
