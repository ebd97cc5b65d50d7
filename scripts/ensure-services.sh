#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on 127.0.0.1 (5432 / 6379): starts them when installed but
# stopped, installs them from Debian's packages when missing. Used by the test command and by
# `npm start` when .env points at local services.
set -euo pipefail

SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"

pg_up() { (command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432) || (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { (command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG); }

install_packages() {
  echo "services: installing $* from Debian's packages…"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

wait_for() { # name check
  for _ in $(seq 1 50); do "$2" && return 0; sleep 0.2; done
  echo "services: $1 did not come up" >&2
  return 1
}

if ! pg_up; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    install_packages postgresql
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n1)
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  # Local development and CI connect as `postgres` without a password over loopback.
  if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    $SUDO sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  echo "services: starting PostgreSQL $version…"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for PostgreSQL pg_up
fi

if ! redis_up; then
  command -v redis-server >/dev/null || install_packages redis-server
  echo "services: starting Redis…"
  $SUDO mkdir -p /var/lib/redis /var/log/redis
  $SUDO redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for Redis redis_up
fi
# A Redis Cluster (3 masters + 3 replicas, password) on :7101-7106 for the `redis-cluster` test project.
bash "$(dirname "$0")/ensure-redis-cluster.sh"
# PgBouncer (transaction pooling) on :6432 for the `pgbouncer` test project.
bash "$(dirname "$0")/ensure-pgbouncer.sh"
# The bench's load generator (its smoke tests drive it) and the browser tests' Chromium: Debian's packages.
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] || install_packages "${missing[@]}"
echo "services: PostgreSQL and Redis are up on 127.0.0.1; wrk and Chromium are installed"
