import 'reflect-metadata';

import { createApp } from './app.factory.js';
import { AppConfig, ConfigValidationError } from './config/app-config.js';

let config: AppConfig;
try {
  config = AppConfig.fromEnv();
} catch (err) {
  if (!(err instanceof ConfigValidationError)) throw err;
  // Bad configuration stops the process at once, naming each variable.
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}

const app = await createApp(config);
await app.listen({ port: config.http.port, host: config.http.host });
