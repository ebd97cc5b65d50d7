/* global process, URL */
// `npm run admin:create -- --email <email> (--password <password> | --promote)`: creates a new admin or promotes an
// existing account. Runs the compiled CLI (src/auth/admin/admin-create.cli.ts), so `npm run build` first.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/auth/admin/admin-create.cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('dist/ is missing: run `npm run build` first.\n');
  process.exit(1);
}
await import(cli.href);
