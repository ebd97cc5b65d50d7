/* global process, console */
// `npm run db:generate`: generates the Prisma client into src/generated/prisma, offline.
//
// `prisma generate` never runs the schema engine, but the CLI still tries to download it first and fails
// without network. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips the download (the file
// is not executed). Migrations are applied by our own migrator (npm run db:migrate), not by the engine.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'index.js');

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
if (!existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  console.error(`db:generate: PRISMA_SCHEMA_ENGINE_BINARY=${env.PRISMA_SCHEMA_ENGINE_BINARY} does not exist`);
  process.exit(1);
}

// Same Node binary as this script (Node 24 from node_modules/.bin when run through npm).
const result = spawnSync(process.execPath, [cli, 'generate', ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});

if (result.error) {
  console.error(`db:generate: could not run the Prisma CLI (${cli}): ${result.error.message}`);
  process.exit(1);
}
if (result.status !== 0) {
  console.error(`db:generate: prisma generate failed (exit ${result.status ?? result.signal})`);
  process.exit(result.status || 1);
}
if (!existsSync(path.join(root, 'src', 'generated', 'prisma', 'client.ts'))) {
  console.error('db:generate: prisma generate succeeded but src/generated/prisma/client.ts is missing');
  process.exit(1);
}
