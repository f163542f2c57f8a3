#!/usr/bin/env bash
# Enrolls the demo desk (阳光花园, desk A01) at the head office scripts/hq.sh started, once, and sends
# its events. Usage: scripts/enroll-demo.sh LEDGER
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg.sh
db=${1:?usage: enroll-demo.sh LEDGER}
dir=${FEEDESK_HQ_DIR:-/var/lib/feedesk-hq}
port=${FEEDESK_HQ_PORT:-8443}
export FEEDESK_HQ_DB=$(pg_url "$dir" "${FEEDESK_HQ_PG_PORT:-55432}")
export FEEDESK_DB=$db FEEDESK_USER=admin FEEDESK_PASSWORD=admin123
hq=target/debug/feedesk-hq desk=target/debug/feedesk
if ! "$desk" sync status --json | grep -q '"enrollment": {'; then
  "$hq" estate-add YGHY 阳光花园 2>/dev/null || true
  "$hq" desk-add YGHY A01 2>/dev/null || true
  code=$("$hq" --json desk-code YGHY A01 | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
  "$desk" hq enroll --url "https://localhost:$port" --code "$code" --ca demo/hq-certs/ca.pem
fi
# The demo's head-office people (console API, README): an administrator, finance, the estate's manager.
for who in "zongbu admin 总部管理员" "caiwu finance 总部财务" "jingli manager 项目经理"; do
  set -- $who
  FEEDESK_HQ_PASSWORD=demo-pass "$hq" user-add "$1" "$3" --role "$2" --estate YGHY >/dev/null 2>&1 || true
done
# Send what head office does not hold yet (2,000 events a round).
for _ in $(seq 1000); do
  out=$("$desk" sync --json)
  [ "$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pending"])')" = 0 ] && break
done
"$desk" sync status
