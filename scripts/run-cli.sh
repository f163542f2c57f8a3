#!/usr/bin/env bash
# The command-line walkthrough (the desktop app is scripts/run.sh). Sets up, builds feedesk, creates the demo estate (阳光花园, 1,200 units, 12 months) once, and starts it:
# a short counter session from the command line, then the ledger stays in demo/ for you to explore.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
cargo build --release --quiet
bin=target/release/feedesk
export FEEDESK_DB="$PWD/demo/feedesk-demo.sqlite"
mkdir -p demo
if [ ! -f "$FEEDESK_DB" ]; then
  "$bin" demo
fi
export FEEDESK_USER=lisi FEEDESK_PASSWORD=123456
echo; "$bin" info
echo; echo "\$ feedesk unit search 张"; "$bin" unit search 张 --limit 5
unit=$("$bin" arrears --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"][0]["unit"])')
echo; echo "\$ feedesk unit show $unit"; "$bin" unit show "$unit"
"$bin" shift open --float 500 2>/dev/null || echo "(shift already open)"
due=$("$bin" arrears "$unit" --json | python3 -c 'import json,sys; d=json.load(sys.stdin)["total_fen"]; print((d+9999)//10000*100)')
echo; echo "\$ feedesk collect $unit --pay 现金:$due"; "$bin" collect "$unit" --pay "现金:$due"
echo; echo "\$ feedesk report daily --cashier lisi"; "$bin" report daily --cashier lisi | head -40
echo; echo "\$ feedesk check"; "$bin" check
cat <<MSG

The demo ledger is $FEEDESK_DB. Go on with, for example:
  export FEEDESK_DB=$FEEDESK_DB FEEDESK_USER=lisi FEEDESK_PASSWORD=123456
  $bin arrears | head -20        # units in arrears
  $bin receipt list              # today's receipts
  $bin report daily --cashier lisi              # 现金日报表 of the day so far
  $bin shift close --count 100:5 --approver zhangmin --note 交班   # counted by denomination; 长短款 recorded as counted
Users: admin/admin123 (管理员), lisi/123456 and zhaoliu/123456 (收费员), zhangmin/123456 (客服主管).
MSG
