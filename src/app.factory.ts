import { fileURLToPath } from 'node:url';

import fastifyCookie from '@fastify/cookie';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';

import { AppModule } from './app.module.js';
import { AppConfig } from './config/app-config.js';
import { resolveDatabase } from './infra/database/database-bootstrap.js';
import { DatabaseUrl } from './infra/database/database-url.js';
import {
  ProblemDetailsFilter,
  sendFrameworkProblem,
  writeClientErrorProblem,
} from './infra/http/problem-details.filter.js';
import { generateRequestId } from './infra/http/request-id.js';
import { serveStaticSite } from './infra/http/static-site.js';
import { createValidationPipe } from './infra/http/validation.js';
import { RedisService } from './infra/redis/redis.service.js';

export const API_PREFIX = 'api/v1';
/** Routes outside `/api/v1`: probes and scrapes keep stable, version-free paths. */
const UNPREFIXED = [
  'health/live',
  'health/ready',
  'metrics',
  // LanguageTool's API v2, where its clients expect it.
  'v2/check',
  'v2/languages',
  'v2/info',
  'v2/words',
  'v2/words/add',
  'v2/words/delete',
  // The Free Dictionary API mirror, at the API's own path.
  'api/v2/entries/:language/:word',
];

/** Builds a ready-to-listen application. Used by `main.ts`, the tests and the benchmarks alike. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const database = await resolveDatabase(config);
  const adapter = new FastifyAdapter({
    trustProxy: config.http.trustProxy,
    genReqId: generateRequestId,
    requestIdHeader: false,
    bodyLimit: 256 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1_000 },
    frameworkErrors: sendFrameworkProblem,
    clientErrorHandler: writeClientErrorProblem,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, new DatabaseUrl(database.url, database.poolSize, database.embedded)),
    adapter,
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();
  // Parses and sets cookies (the login device cookie). No signing secret: cookies that matter sign themselves.
  await app.register(fastifyCookie);

  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      void reply.header('X-Request-Id', request.id);
    });

  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED });
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  // The web editor, when it has been built (`npm run build`): web/dist beside src/ and dist/ alike.
  await serveStaticSite(app, fileURLToPath(new URL('../web/dist/', import.meta.url)));
  // No enableShutdownHooks(): main.ts installs GracefulShutdown (drain HTTP first, then flush, exit 0).
  if (config.docs.enabled) setupOpenApi(app);

  await app.get(RedisService).waitUntilReady();
  return app;
}

function setupOpenApi(app: NestFastifyApplication): void {
  // Built on the first request for /docs or /docs-json, not at start-up: most instances never serve it,
  // and the document (a few MB while it is built) would count against every instance's idle memory.
  const buildDocument = (): OpenAPIObject =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('ProsePolish API')
        .setDescription(
          'Dictionary lookups, LLM corrections, sessions, settings and cache administration for the ProsePolish editor.',
        )
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
  SwaggerModule.setup('docs', app, buildDocument, { jsonDocumentUrl: 'docs-json', useGlobalPrefix: false });
}
