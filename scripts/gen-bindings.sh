#!/usr/bin/env bash
# Regenerates the TypeScript types of the api and the app's commands into ui/src/bindings (ts-rs).
# Money and other i64 travel as JSON numbers (integer fen), decimals as strings.
set -euo pipefail
cd "$(dirname "$0")/.."
# Where and how: .cargo/config.toml. Every `cargo test` of the workspace rewrites them too; this
# script also drops the files of types that no longer exist.
rm -rf ui/src/bindings
mkdir -p ui/src/bindings
cargo test -q --workspace --all-targets export_bindings >/dev/null
echo "bindings: $(ls ui/src/bindings | wc -l) files in ui/src/bindings"
