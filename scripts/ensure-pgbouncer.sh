#!/usr/bin/env bash
# Makes sure a PgBouncer in transaction-pooling mode answers on 127.0.0.1:6432 in front of the local
# PostgreSQL (every database name is passed through). Installs Debian's `pgbouncer` when missing. Used by
# the test set-up: the `pgbouncer` Vitest project runs the e2e suites through it.
set -euo pipefail

PORT="${PGBOUNCER_PORT:-6432}"
DIR="${PGBOUNCER_DIR:-/tmp/prosepolish-pgbouncer}"
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"

up() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
up && exit 0

if ! command -v pgbouncer >/dev/null; then
  echo "services: installing pgbouncer from Debian's packages…"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null
fi

$SUDO mkdir -p "$DIR"
cat <<INI | $SUDO tee "$DIR/pgbouncer.ini" >/dev/null
[databases]
* = host=127.0.0.1 port=5432

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PORT
unix_socket_dir =
; Loopback only, like the PostgreSQL behind it (trust): the tests' connections carry no password.
auth_type = trust
auth_file = $DIR/userlist.txt
pool_mode = transaction
max_client_conn = 2000
default_pool_size = 20
; Tests create and drop databases all the time: never keep a server connection to a dropped one.
server_check_delay = 0
server_lifetime = 60
server_idle_timeout = 30
ignore_startup_parameters = extra_float_digits,options,application_name
logfile = $DIR/pgbouncer.log
pidfile = $DIR/pgbouncer.pid
INI
echo '"postgres" ""' | $SUDO tee "$DIR/userlist.txt" >/dev/null

# PgBouncer refuses to run as root; Debian's package brings its `postgres` user.
owner=postgres
id "$owner" >/dev/null 2>&1 || owner=$(id -un)
$SUDO chown -R "$owner" "$DIR"
echo "services: starting PgBouncer on 127.0.0.1:$PORT (transaction pooling)…"
if [ "$(id -u)" -eq 0 ]; then
  pgbouncer -d -u "$owner" "$DIR/pgbouncer.ini"
else
  $SUDO -u "$owner" pgbouncer -d "$DIR/pgbouncer.ini"
fi
for _ in $(seq 1 50); do up && exit 0; sleep 0.2; done
echo "services: PgBouncer did not come up (see $DIR/pgbouncer.log)" >&2
exit 1
