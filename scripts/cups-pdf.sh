# Sourced by scripts that print for real (test-printing.sh, e2e.sh): a CUPS scheduler and the CUPS-PDF
# virtual printer, queue PDF. Needs cups and printer-driver-cups-pdf (scripts/setup.sh).
# start_cups_pdf starts cupsd unless one runs (its pid in cupsd_pid, for stop_cups_pdf) and makes the
# queue; cups_pdf_out_dirs lists where CUPS-PDF writes what it receives.
cupsd_pid=""
start_cups_pdf() {
  if ! lpstat -r 2>/dev/null | grep -q "is running"; then
    mkdir -p /run/cups
    /usr/sbin/cupsd -f &
    cupsd_pid=$!
    for _ in $(seq 100); do lpstat -r 2>/dev/null | grep -q "is running" && break; sleep 0.1; done
    lpstat -r | grep -q "is running" || { echo "cupsd did not start" >&2; return 1; }
  fi
  if ! lpstat -p PDF >/dev/null 2>&1; then
    local model models
    models=$(mktemp)
    lpinfo -m >"$models"
    model=$(awk '/CUPS-PDF_opt\.ppd|CUPS-PDF\.ppd/ {print $1; exit}' "$models")
    rm -f "$models"
    [ -n "$model" ] || { echo "no CUPS-PDF model in lpinfo -m (is printer-driver-cups-pdf installed?)" >&2; return 1; }
    lpadmin -p PDF -E -v cups-pdf:/ -m "$model"
  fi
  # Through the default PostScript renderer (Ghostscript) CUPS-PDF turns all text into outlines; with
  # pdftocairo the receipt number stays text, so pdftotext can find it in what arrived.
  lpadmin -p PDF -o pdftops-renderer-default=pdftocairo
  cupsenable PDF
  cupsaccept PDF
  # Where CUPS-PDF writes: Out in cups-pdf.conf (${HOME} of the job's user), or the anonymous spool.
  cups_pdf_out_dirs=("$HOME/PDF" /root/PDF /var/spool/cups-pdf)
  local conf_out
  conf_out=$(awk '$1 == "Out" {print $2}' /etc/cups/cups-pdf.conf 2>/dev/null | sed "s|\${HOME}|$HOME|")
  if [ -n "$conf_out" ]; then cups_pdf_out_dirs+=("$conf_out"); fi
}
stop_cups_pdf() {
  if [ -n "$cupsd_pid" ]; then kill "$cupsd_pid" 2>/dev/null || true; wait "$cupsd_pid" 2>/dev/null || true; fi
  cupsd_pid=""
}
