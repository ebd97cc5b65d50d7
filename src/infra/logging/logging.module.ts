import type { ServerResponse } from 'node:http';

import { Module, OnApplicationShutdown } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import pinoPretty from 'pino-pretty';

import { AppConfig } from '#src/config/app-config.js';

import { AccessLog, pathOf } from './access-log.js';
import { requestLogMixin } from './request-log-context.js';

/**
 * Standard output, written asynchronously (sonic-boom): lines queue while a write is in flight instead of
 * blocking the event loop per line. No minimum chunk, so a line still shows up at once for whoever tails the
 * log. One per process, shared by the app instances in it; flushed on shutdown so no line is lost.
 */
let stdout: (pino.DestinationStream & { flushSync(): void }) | undefined;
function logDestination() {
  stdout ??= pino.destination({ dest: 1, sync: false, minLength: 0 });
  return stdout;
}

/**
 * `LOG_FORMAT=pretty` (the default in a terminal outside production): the same lines made readable, the
 * start-up banner's line breaks included. Formatted on the event loop: for people, not for load.
 */
function prettyDestination() {
  return pinoPretty({
    colorize: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
    singleLine: true,
  });
}

/**
 * Structured JSON logs (pino), through nestjs-pino's Logger. Every line written during a request carries
 * `req` (id, method, path: `requestLogMixin`); `AccessLog` writes the one line per request. The serializers
 * are an allowlist: no header, cookie, body or query string reaches a line
 * (test/e2e/foundation/request-log.e2e.spec.ts).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // No per-request middleware: AccessLog's hooks give requests their fields and lines.
        forRoutes: [],
        pinoHttp: [
          {
            level: config.log.level,
            mixin: requestLogMixin,
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: pathOf(req.url),
              }),
              // The status is what an operator reads; every response header on every line was the cost.
              res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
            },
          },
          config.log.format === 'pretty' ? prettyDestination() : logDestination(),
        ],
      }),
    }),
  ],
  providers: [AccessLog],
})
export class LoggingModule implements OnApplicationShutdown {
  public onApplicationShutdown(): void {
    try {
      stdout?.flushSync();
    } catch {
      // Not open yet (nothing was written): nothing to flush.
    }
  }
}
