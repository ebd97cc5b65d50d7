import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

const FORM = 'application/x-www-form-urlencoded';
const V2 = /^\/v2(?:\/|\?|$)/;

/**
 * What LanguageTool clients need of the HTTP layer on `/v2`:
 * - the body is form data whatever the Content-Type says (real clients label it `application/json`);
 * - CORS for any origin (credentials travel in parameters, never cookies), preflights included.
 */
@Injectable()
export class LanguageToolHttpHooks implements OnModuleInit {
  public constructor(private readonly adapterHost: HttpAdapterHost) {}

  public onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    if (!fastify.hasContentTypeParser(FORM)) {
      fastify.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      });
    }
    fastify.addHook('onRequest', async (request, reply) => {
      if (!V2.test(request.url)) return;
      void reply.header('Access-Control-Allow-Origin', '*');
      if (request.method === 'OPTIONS') {
        return reply
          .header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
          .header('Access-Control-Allow-Headers', 'Content-Type, Accept')
          .header('Access-Control-Max-Age', '86400')
          .status(204)
          .send();
      }
      const { headers } = request;
      if (
        headers['content-type'] !== undefined ||
        headers['content-length'] !== undefined ||
        headers['transfer-encoding']
      )
        headers['content-type'] = FORM;
    });
  }
}
