#!/usr/bin/env bash
# Before `npm start`: with DATABASE_URL set (environment or .env), make sure a local PostgreSQL/Redis
# runs, the database exists and is migrated. Without it the service uses its embedded defaults and
# migrates the embedded database itself at start-up.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f .env ]; then
  set -a
  # shellcheck disable=SC1091
  . ./.env
  set +a
fi

if [ -z "${DATABASE_URL:-}" ]; then
  echo "prepare: DATABASE_URL not set — the service will start with its embedded defaults."
  exit 0
fi

case "$DATABASE_URL${REDIS_URL:-}" in
  *127.0.0.1*|*localhost*) bash scripts/ensure-services.sh ;;
esac
node scripts/create-database.mjs
npm run --silent db:migrate
