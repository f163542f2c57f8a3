#!/usr/bin/env bash
# Regenerates the TypeScript types of the api and the app's commands into ui/src/bindings (ts-rs).
# Money and other i64 travel as JSON numbers (integer fen), decimals as strings.
set -euo pipefail
cd "$(dirname "$0")/.."
export TS_RS_EXPORT_DIR="$PWD/ui/src/bindings" TS_RS_LARGE_INT=number
rm -rf ui/src/bindings
mkdir -p ui/src/bindings
cargo test -q -p feedesk --lib --features ts export_bindings >/dev/null
cargo test -q -p feedesk-app --lib --features ts export_bindings >/dev/null
echo "bindings: $(ls ui/src/bindings | wc -l) files in ui/src/bindings"
