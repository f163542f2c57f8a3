#!/usr/bin/env bash
# Printing, for real: a receipt goes through CUPS to the CUPS-PDF virtual printer and must arrive as a
# PDF holding its number; a reprint says 补打; a missing printer fails clearly, keeps the PDF, hands it
# to the viewer and changes nothing in the ledger but the recorded print.
# Needs cups and printer-driver-cups-pdf (scripts/setup.sh). Usage: scripts/test-printing.sh [feedesk binary]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-target/debug/feedesk}")
work=$(mktemp -d)
source scripts/cups-pdf.sh
printed=()
cleanup() {
  [ ${#printed[@]} -eq 0 ] || rm -f "${printed[@]}"
  stop_cups_pdf
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "test-printing: FAIL: $*" >&2; exit 1; }

# The scheduler (started here and stopped at the end unless one is already running) and the PDF queue.
start_cups_pdf || fail "no CUPS-PDF printer"
out_dirs=("${cups_pdf_out_dirs[@]}")

export FEEDESK_DB="$work/ledger.sqlite" FEEDESK_USER=lisi FEEDESK_PASSWORD=123456
"$bin" demo --units 30 --months 2 --json >/dev/null
number=$("$bin" receipt list --limit 1 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["number"])')

counts() {
  python3 - "$FEEDESK_DB" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(" ".join(str(c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
               for t in ["receipts", "payments", "journal_entries", "postings", "voids", "outbox"]))
PY
}
prints() {
  python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM receipt_prints").fetchone()[0])' "$FEEDESK_DB"
}

# Waits for a PDF newer than the marker that holds all the given strings; prints its path.
arrived() {
  local marker=$1; shift
  for _ in $(seq 300); do
    while IFS= read -r f; do
      local text; text=$(pdftotext "$f" - 2>/dev/null || true)
      local ok=1
      for want in "$@"; do grep -qF -- "$want" <<<"$text" || ok=0; done
      if [ $ok = 1 ]; then echo "$f"; return 0; fi
    done < <(find "${out_dirs[@]}" -name '*.pdf' -newer "$marker" 2>/dev/null)
    sleep 0.1
  done
  return 1
}

echo "== print receipt $number on the CUPS-PDF queue"
touch "$work/marker1"; sleep 1
t0=$(date +%s%N)
"$bin" receipt print "$number" --printer PDF --out "$work/$number.pdf" | tee "$work/out1"
grep -q "已发送到 PDF" "$work/out1" || fail "no confirmation"
pdf=$(arrived "$work/marker1" "$number") || fail "the printed receipt did not arrive in ${out_dirs[*]}"
printed+=("$pdf")
echo "arrived: $pdf ($(( ($(date +%s%N) - t0) / 1000000 )) ms after the command started)"
pdfinfo "$pdf" | grep -q "Pages: *2" || fail "the A5 receipt has two parts (pages)"

echo "== the desk's printer from the settings; a second print is a reprint (补打)"
"$bin" settings printer PDF
touch "$work/marker2"; sleep 1
"$bin" receipt print "$number" --out "$work/$number-2.pdf"
pdf=$(arrived "$work/marker2" "$number") || fail "the reprint did not arrive"
printed+=("$pdf")
# The Chinese text does not survive CUPS-PDF's re-rendering as text; the copy sent says it.
pdftotext "$work/$number-2.pdf" - | grep -q "补打(第1次)" || fail "the reprint does not say 补打"

echo "== feedesk print FILE.pdf"
touch "$work/marker3"; sleep 1
"$bin" print "$work/$number.pdf" --printer PDF
pdf=$(arrived "$work/marker3" "$number") || fail "feedesk print did not arrive"
printed+=("$pdf")

echo "== a printer that does not exist: clear message, exit non-zero, the PDF kept and opened in the viewer"
mkdir -p "$work/bin"
# Stands in for the desktop's viewer (there is no desktop here): records what it was asked to open.
printf '#!/bin/sh\necho "$1" >> "%s/viewer.log"\n' "$work" >"$work/bin/xdg-open"
chmod +x "$work/bin/xdg-open"
before=$(counts); prints_before=$(prints)
set +e
PATH="$work/bin:$PATH" "$bin" receipt print "$number" --printer NoSuchPrinter --out "$work/failed.pdf" 2>"$work/err"
code=$?
set -e
cat "$work/err"
[ $code -ne 0 ] || fail "a failed print must exit non-zero"
grep -q "打印失败" "$work/err" || fail "the message says printing failed"
grep -qF "$work/failed.pdf" "$work/err" || fail "the message says where the PDF is"
grep -q "已用系统查看器打开" "$work/err" || fail "the message says the viewer opened it"
pdftotext "$work/failed.pdf" - | grep -qF "$number" || fail "the PDF is kept"
for _ in $(seq 50); do [ -s "$work/viewer.log" ] && break; sleep 0.1; done
grep -qF "$work/failed.pdf" "$work/viewer.log" || fail "the viewer was not asked to open the PDF"
[ "$(counts)" = "$before" ] || fail "the ledger changed: $before -> $(counts)"
[ "$(prints)" = $((prints_before + 1)) ] || fail "the print is recorded once (a later one says 补打)"

echo "== feedesk print to a missing printer, no viewer"
set +e
"$bin" print "$work/$number.pdf" --printer NoSuchPrinter --no-viewer 2>"$work/err2"
code=$?
set -e
[ $code -ne 0 ] && grep -q "打印失败" "$work/err2" && grep -q "手工打开" "$work/err2" || fail "feedesk print failure: $(cat "$work/err2")"
echo "test-printing: all passed"
