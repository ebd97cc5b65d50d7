/* global process, URL */
// Writes the service's OpenAPI document to web/src/api/openapi.json and the editor's typed client schema
// (openapi-typescript) to web/src/api/schema.d.ts. Run after changing a route or DTO: `npm run web:api`.
// Needs the build (dist/) and local PostgreSQL and Redis, like `npm start`.
import 'reflect-metadata';

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

import { createApp } from '../dist/app.factory.js';
import { AppConfig } from '../dist/config/app-config.js';

const config = AppConfig.fromEnv({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  DOCS_ENABLED: 'true',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/prosepolish',
  AUTH_JWT_SECRET: 'openapi-export-secret-that-is-long-enough-0123456789',
});
const app = await createApp(config);
await app.init();
const response = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/docs-json' });
await app.close();
if (response.statusCode !== 200) throw new Error(`/docs-json answered ${response.statusCode}`);

const document = JSON.stringify(JSON.parse(response.body), null, 2) + '\n';
writeFileSync(new URL('../web/src/api/openapi.json', import.meta.url), document);
execFileSync(
  'node_modules/.bin/openapi-typescript',
  ['web/src/api/openapi.json', '-o', 'web/src/api/schema.d.ts'],
  { stdio: 'inherit', cwd: new URL('..', import.meta.url) },
);
