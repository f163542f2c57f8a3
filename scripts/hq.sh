#!/usr/bin/env bash
# Sets up and starts head office (总部) on this machine: its own PostgreSQL 15 cluster (run as the
# postgres user), a self-signed certificate for https://localhost, the schema, and feedesk-hq serving
# in the background. `scripts/hq.sh stop` stops both. Settings (environment):
#   FEEDESK_HQ_DIR   where the cluster lives (default /var/lib/feedesk-hq; the postgres user must reach it)
#   FEEDESK_HQ_PORT  HTTPS port (default 8443)      FEEDESK_HQ_PG_PORT  PostgreSQL port (default 55432)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg.sh
dir=${FEEDESK_HQ_DIR:-/var/lib/feedesk-hq}
port=${FEEDESK_HQ_PORT:-8443}
pg_port=${FEEDESK_HQ_PG_PORT:-55432}
certs=demo/hq-certs
bin=target/debug/feedesk-hq

if [ "${1:-}" = stop ]; then
  [ -f demo/hq.pid ] && kill "$(cat demo/hq.pid)" 2>/dev/null || true
  rm -f demo/hq.pid
  pg_stop "$dir"
  echo "head office stopped"
  exit 0
fi

[ -x "$bin" ] || { source scripts/setup.sh && source scripts/build.sh && build_workspace; }
mkdir -p demo
pg_start "$dir" "$pg_port"
scripts/certs.sh "$certs"
export FEEDESK_HQ_DB=$(pg_url "$dir" "$pg_port")
"$bin" migrate >/dev/null
if ! curl -sf --cacert "$certs/ca.pem" "https://localhost:$port/v1/health" >/dev/null 2>&1; then
  nohup "$bin" serve --listen "127.0.0.1:$port" --cert "$certs/server.pem" --key "$certs/server.key" --console hq/console/dist >demo/hq.log 2>&1 &
  echo $! >demo/hq.pid
  for _ in $(seq 100); do
    curl -sf --cacert "$certs/ca.pem" "https://localhost:$port/v1/health" >/dev/null 2>&1 && break
    sleep 0.1
  done
fi
curl -sf --cacert "$certs/ca.pem" "https://localhost:$port/v1/health" >/dev/null || { echo "head office did not start; see demo/hq.log" >&2; exit 1; }
echo "head office: https://localhost:$port (console in a browser: https://localhost:$port/ ; CA $certs/ca.pem, database: $FEEDESK_HQ_DB)"
