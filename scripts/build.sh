# Sourced by run.sh, test.sh and e2e.sh: one build of the UI and the workspace that all of them share.

# The UI is built again only when one of its sources is newer than the build: the desktop app embeds
# ui/dist when it is compiled, so a needless UI build would also rebuild the app.
build_ui_if_stale() {
  if [ ! -f ui/dist/index.html ] || [ -n "$(find ui/src ui/index.html ui/vite.config.ts ui/package.json -newer ui/dist/index.html -print -quit)" ]; then
    (cd ui && npm run build >/dev/null)
  fi
}

# The head-office console (hq/console/dist, served by feedesk-hq --console), built again when its
# sources changed.
build_console_if_stale() {
  if [ ! -f hq/console/dist/index.html ] || [ -n "$(find hq/console/src hq/console/index.html hq/console/vite.config.ts hq/console/package.json ui/src/money.ts -newer hq/console/dist/index.html -print -quit)" ]; then
    (cd hq/console && npm run build >/dev/null)
  fi
}

# The same targets and features as the test command's `cargo test --workspace --all-targets`: after the
# tests, nothing is built again (a narrower `cargo build -p …` resolves other features and rebuilds the
# dependency tree).
build_workspace() {
  cargo build -q --workspace --all-targets
}
