#!/usr/bin/env bash
# End-to-end flows in the real desktop webview: builds the UI and the app, starts tauri-driver with
# WebKitWebDriver under Xvfb, runs ui/e2e/run.mjs. Screenshots: target/e2e/*.png. Prints the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d ui/node_modules ] || (cd ui && npm install --no-audit --no-fund --loglevel=error)
[ -f ui/dist/index.html ] && [ ui/dist/index.html -nt ui/src ] || (cd ui && npm run build >/dev/null)
# The same targets and features as `cargo test --workspace --all-targets`: after the tests, nothing to build.
cargo build -q --workspace --all-targets
mkdir -p target/e2e && rm -f target/e2e/*.png
export XDG_DATA_HOME="$PWD/target/e2e/xdg" XDG_CONFIG_HOME="$PWD/target/e2e/xdg-config"
export NO_AT_BRIDGE=1 WEBKIT_DISABLE_COMPOSITING_MODE=1
driver=$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")
xvfb-run -a -s "-screen 0 1366x768x24" bash -c '
  "$0" --port 4444 --native-driver /usr/bin/WebKitWebDriver >target/e2e/tauri-driver.log 2>&1 &
  drv=$!
  trap "kill $drv 2>/dev/null || true" EXIT
  for _ in $(seq 100); do curl -sf http://127.0.0.1:4444/status >/dev/null && break; sleep 0.1; done
  node ui/e2e/run.mjs
' "$driver"
