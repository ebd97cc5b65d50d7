import { runAdminCreate } from './admin-create.command.js';

// `npm run admin:create -- --email <e> (--password <p> | --promote)` (through scripts/admin-create.mjs, after `npm run build`).
process.exitCode = await runAdminCreate(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
