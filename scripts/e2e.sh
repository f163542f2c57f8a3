#!/usr/bin/env bash
# End-to-end flows in the real desktop webview: builds the UI and the app, starts tauri-driver with
# WebKitWebDriver under Xvfb, runs ui/e2e/run.mjs. Screenshots: target/e2e/*.png. Prints the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d ui/node_modules ] || (cd ui && npm install --no-audit --no-fund --loglevel=error)
source scripts/build.sh
build_ui_if_stale
build_workspace
# E2E_OUT (default target/e2e) and E2E_PORT (default 4444) let a long soak run beside the usual flows.
out="${E2E_OUT:-$PWD/target/e2e}" port="${E2E_PORT:-4444}"
mkdir -p "$out" && rm -f "$out"/*.png
export E2E_OUT="$out" WEBDRIVER_URL="http://127.0.0.1:$port"
export XDG_DATA_HOME="$out/xdg" XDG_CONFIG_HOME="$out/xdg-config"
export NO_AT_BRIDGE=1 WEBKIT_DISABLE_COMPOSITING_MODE=1
# A real printer for the app to print to: CUPS with the CUPS-PDF queue PDF (stopped at the end if started here).
source scripts/cups-pdf.sh
start_cups_pdf
trap stop_cups_pdf EXIT
export E2E_PRINTER=PDF E2E_PRINT_DIRS="$(IFS=:; echo "${cups_pdf_out_dirs[*]}")"
driver=$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")
xvfb-run -a -s "-screen 0 1366x768x24" bash -c '
  "$0" --port "$1" --native-port "$(($1 + 1))" --native-driver /usr/bin/WebKitWebDriver >"$E2E_OUT/tauri-driver.log" 2>&1 &
  drv=$!
  trap "kill $drv 2>/dev/null || true" EXIT
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$1/status" >/dev/null && break; sleep 0.1; done
  node ui/e2e/run.mjs
' "$driver" "$port"
