#!/usr/bin/env bash
# Makes a checkout runnable: dependencies (incl. Node 24 from the npm registry), the Prisma client, the build.
# Idempotent and quick when nothing changed; run by `npm start` and `npm test` before anything else.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp() { sha256sum "$@" | sha256sum | cut -c1-16; }

deps_hash=$(stamp package-lock.json)
if [ ! -x node_modules/.bin/node ] || [ "$(cat node_modules/.install-stamp 2>/dev/null)" != "$deps_hash" ]; then
  echo "bootstrap: installing dependencies (npm ci)…"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$deps_hash" > node_modules/.install-stamp
fi

schema_hash=$(stamp prisma/schema.prisma prisma.config.ts)
if [ ! -f src/generated/prisma/client.ts ] || [ "$(cat src/generated/.schema-stamp 2>/dev/null)" != "$schema_hash" ]; then
  echo "bootstrap: generating the Prisma client…"
  npm run --silent db:generate
  echo "$schema_hash" > src/generated/.schema-stamp
fi

src_hash=$(find src prisma web tsconfig.json tsconfig.build.json -type f -not -path "src/generated/.schema-stamp" -not -path "web/dist/*" -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
if [ ! -f dist/main.js ] || [ "$(cat dist/.build-stamp 2>/dev/null)" != "$src_hash" ]; then
  echo "bootstrap: building…"
  rm -rf dist
  npm run --silent build
  echo "$src_hash" > dist/.build-stamp
fi
