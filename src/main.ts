import 'reflect-metadata';

import { Logger } from '@nestjs/common';

import { createApp } from './app.factory.js';
import { AppConfig, ConfigValidationError } from './config/app-config.js';
import { embeddedDefaultsBanner } from './infra/database/database-bootstrap.js';
import { EmbeddedDatabaseInUseError } from './infra/database/embedded-lock.js';
import { GracefulShutdown } from './infra/shutdown/graceful-shutdown.js';

let config: AppConfig;
try {
  config = AppConfig.fromEnv();
} catch (err) {
  if (!(err instanceof ConfigValidationError)) throw err;
  // Bad configuration stops the process at once, naming each variable.
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}

const app = await createApp(config).catch((err: unknown) => {
  if (!(err instanceof EmbeddedDatabaseInUseError)) throw err;
  // A second `npm start` on one DATA_DIR: say why, without a stack trace.
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
// Before listening: it adds a Fastify hook. On SIGTERM/SIGINT: drain HTTP, flush buffers, close, exit 0.
const shutdown = new GracefulShutdown(app, config.http.shutdownTimeoutMs);
await app.listen({ port: config.http.port, host: config.http.host });
shutdown.handleSignals();

const logger = new Logger('Bootstrap');
const banner = embeddedDefaultsBanner(config);
if (banner) logger.warn(banner);
logger.log(`ProsePolish API listening on http://${config.http.host}:${config.http.port} (docs: /docs)`);
