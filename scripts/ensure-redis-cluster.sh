#!/usr/bin/env bash
# Makes sure a password-protected Redis Cluster of 3 masters and 3 replicas answers on 127.0.0.1:7101-7106
# (cluster_state:ok): the `redis-cluster` Vitest project runs the Redis-backed suites on it. Nothing is
# kept on disk beyond the nodes' cluster config under $DIR. Idempotent: a healthy cluster is left alone.
set -euo pipefail

FIRST_PORT="${REDIS_CLUSTER_FIRST_PORT:-7101}"
# A test-only secret, like the test JWT secret: the cluster listens on loopback only.
PASSWORD="${REDIS_CLUSTER_PASSWORD:-pp-cluster-test-password}"
DIR="${REDIS_CLUSTER_DIR:-/tmp/prosepolish-redis-cluster}"
PORTS=()
for i in 0 1 2 3 4 5; do PORTS+=($((FIRST_PORT + i))); done

cli() { redis-cli --no-auth-warning -a "$PASSWORD" "$@"; }
healthy() { cli -p "$FIRST_PORT" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; }
healthy && exit 0

echo "services: starting a Redis Cluster (3 masters + 3 replicas) on 127.0.0.1:${PORTS[0]}-${PORTS[5]}…"
for port in "${PORTS[@]}"; do
  cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
done
rm -rf "$DIR"
for port in "${PORTS[@]}"; do
  mkdir -p "$DIR/$port"
  redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --dir "$DIR/$port" \
    --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000 \
    --repl-diskless-sync-delay 0 \
    --requirepass "$PASSWORD" --masterauth "$PASSWORD" \
    --save "" --appendonly no --logfile "$DIR/$port/redis.log"
done
for port in "${PORTS[@]}"; do
  for _ in $(seq 1 50); do cli -p "$port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
done
addresses=()
for port in "${PORTS[@]}"; do addresses+=("127.0.0.1:$port"); done
cli --cluster create "${addresses[@]}" --cluster-replicas 1 --cluster-yes >/dev/null
for _ in $(seq 1 100); do
  if healthy && [ "$(cli -p "$FIRST_PORT" cluster info | grep -c 'cluster_slots_ok:16384')" = 1 ]; then exit 0; fi
  sleep 0.1
done
echo "services: the Redis Cluster did not become healthy (logs under $DIR)" >&2
exit 1
