#!/usr/bin/env bash
# Regenerates the TypeScript types of the api and the app's commands into ui/src/bindings, and those
# of the head-office console into hq/console/src/bindings (ts-rs).
# Money and other i64 travel as JSON numbers (integer fen), decimals as strings.
set -euo pipefail
cd "$(dirname "$0")/.."
# Where and how: .cargo/config.toml. Every `cargo test` of the workspace rewrites them too; this
# script also drops the files of types that no longer exist.
rm -rf ui/src/bindings hq/console/src/bindings
mkdir -p ui/src/bindings hq/console/src/bindings
cargo test -q --workspace --all-targets export_bindings >/dev/null
echo "bindings: $(ls ui/src/bindings | wc -l) files in ui/src/bindings, $(ls hq/console/src/bindings | wc -l) in hq/console/src/bindings"
