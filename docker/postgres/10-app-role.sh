#!/bin/sh
# First start of the PostgreSQL container (docker-entrypoint-initdb.d): creates the API's own role.
set -eu
psql --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_role=prosepolish_app \
  -v app_password="$POSTGRES_APP_PASSWORD" \
  -v owner="$POSTGRES_USER" \
  -v db="$POSTGRES_DB" \
  -f /etc/prosepolish/app-role.sql
