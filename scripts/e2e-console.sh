#!/usr/bin/env bash
# End to end in a real browser: Debian's Chromium driven headless by chromium-driver (WebDriver) against
# a real head office (its own PostgreSQL cluster, HTTPS) fed by real desks (two estates, three desks,
# driven through the desk CLI by hq/console/e2e/run.mjs). Screenshots and exports: target/e2e-console/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg.sh
command -v chromedriver >/dev/null || { echo "chromium-driver is not installed (scripts/setup.sh)" >&2; exit 1; }
[ -d hq/console/node_modules ] || (cd hq/console && npm install --no-audit --no-fund --loglevel=error)
source scripts/build.sh
build_console_if_stale
[ -x target/debug/feedesk-hq ] && [ -x target/debug/feedesk ] || build_workspace
out="$PWD/target/e2e-console"
rm -rf "$out" && mkdir -p "$out"
pg_dir=/dev/shm/feedesk-e2e-console-$$
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
hq_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
wd_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  [ -n "${hq_pid:-}" ] && kill "$hq_pid" 2>/dev/null || true
  [ -n "${wd_pid:-}" ] && kill "$wd_pid" 2>/dev/null || true
  pg_stop "$pg_dir" immediate
  rm -rf "$pg_dir"
}
trap cleanup EXIT
pg_start "$pg_dir" "$pg_port"
scripts/certs.sh "$out/certs" >/dev/null
export FEEDESK_HQ_DB=$(pg_url "$pg_dir" "$pg_port")
target/debug/feedesk-hq migrate >/dev/null
target/debug/feedesk-hq serve --listen "127.0.0.1:$hq_port" --cert "$out/certs/server.pem" --key "$out/certs/server.key" \
  --console hq/console/dist >"$out/hq.log" 2>&1 &
hq_pid=$!
chromedriver --port="$wd_port" >"$out/chromedriver.log" 2>&1 &
wd_pid=$!
for _ in $(seq 100); do
  curl -sf --cacert "$out/certs/ca.pem" "https://localhost:$hq_port/v1/health" >/dev/null 2>&1 &&
    curl -sf "http://127.0.0.1:$wd_port/status" >/dev/null 2>&1 && break
  sleep 0.1
done
export E2E_OUT="$out" HQ_URL="https://localhost:$hq_port" HQ_CA="$out/certs/ca.pem" WEBDRIVER_URL="http://127.0.0.1:$wd_port"
export FEEDESK_BIN="$PWD/target/debug/feedesk" FEEDESK_HQ_BIN="$PWD/target/debug/feedesk-hq"
node hq/console/e2e/run.mjs
