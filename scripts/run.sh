#!/usr/bin/env bash
# Builds the UI and the desktop app and starts it on the demo estate (阳光花园, 1,200 units, 12 months,
# created once in demo/), with head office (总部) beside it: its PostgreSQL and server started, the demo
# desk enrolled and its events synced (scripts/hq.sh); the head-office console served at
# https://localhost:8443/ (zongbu / caiwu / jingli, password demo-pass). Under Xvfb when there is no display (then it
# saves a screenshot and waits).
# Users: lisi/123456 (收费员), zhangmin/123456 (客服主管), admin/admin123 (管理员).
# The command-line walkthrough is scripts/run-cli.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
source scripts/build.sh
build_ui_if_stale
build_console_if_stale
build_workspace
db="$PWD/demo/feedesk-demo.sqlite"
mkdir -p demo
[ -f "$db" ] || target/debug/feedesk --db "$db" demo
scripts/hq.sh
scripts/enroll-demo.sh "$db"
echo "head-office console: https://localhost:${FEEDESK_HQ_PORT:-8443}/ (CA demo/hq-certs/ca.pem) — zongbu (总部管理员), caiwu (总部财务), jingli (项目经理), password demo-pass"
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec target/debug/feedesk-app --db "$db"
fi
echo "No display: starting the app under Xvfb; a screenshot goes to target/run-app.png. Ctrl+C stops it."
command -v import >/dev/null 2>&1 || echo "(install imagemagick for the screenshot)"
exec xvfb-run -a -s "-screen 0 1366x768x24" bash -c '
  "$0" --db "$1" & app=$!
  sleep 8
  command -v import >/dev/null 2>&1 && import -window root target/run-app.png && echo "screenshot: target/run-app.png"
  wait $app
' target/debug/feedesk-app "$db"
