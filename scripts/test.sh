#!/usr/bin/env bash
# The one test command: sets up the machine, then runs every test of the project.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
export CARGO_TERM_COLOR=never

mkdir -p target
source scripts/build.sh
echo "== UI: Vitest, type check and build (the app embeds ui/dist when it is compiled below)"
(cd ui && npx vitest run)
build_ui_if_stale
echo "== head-office console: Vitest, type check and build (served from hq/console/dist)"
(cd hq/console && npx vitest run)
build_console_if_stale
echo "== unit, integration, property and crash tests (real SQLite files); they also write ui/src/bindings"
cargo test --workspace --all-targets 2>&1 | tee target/test.log
echo "== the TypeScript types of the UI and the console are the ones generated from the Rust types"
git diff --exit-code --stat -- ui/src/bindings hq/console/src/bindings
untracked=$(git ls-files --others --exclude-standard -- ui/src/bindings hq/console/src/bindings)
[ -z "$untracked" ] || { echo "new bindings not committed: $untracked" >&2; exit 1; }
echo "== printing through CUPS to the CUPS-PDF queue (real lp, real cupsd)"
scripts/test-printing.sh target/debug/feedesk
echo "== benchmark smoke run (small sizes, debug build: checks that every figure is produced)"
# The binary the tests just built (a plain `cargo run` would rebuild dependencies without dev features).
target/debug/feedesk-dev bench --units 300 --months 3 --samples 30 --hq-events 10000 \
  --group-estates 3 --group-units 40 --group-months 4 --dir target/bench-smoke | tee target/bench-smoke.log
grep -q "arrears list, whole estate" target/bench-smoke.log
grep -q "receipt PDF, A5 two parts" target/bench-smoke.log
grep -q "headless Chromium" target/bench-smoke.log
grep -q "events desk → head office" target/bench-smoke.log
grep -q "desks sending at once" target/bench-smoke.log
grep -q "with sync running" target/bench-smoke.log
grep -q "group ingest" target/bench-smoke.log
grep -q "consolidated daily report, one day of the group" target/bench-smoke.log
grep -q "monthly fee report" target/bench-smoke.log
echo "== end to end in the desktop webview (tauri-driver, WebKitWebDriver, Xvfb); screenshots in target/e2e"
scripts/e2e.sh
echo "== head-office console end to end in Chromium (chromium-driver), fed by desks through their CLI; screenshots in target/e2e-console"
scripts/e2e-console.sh
echo "== all tests passed"
