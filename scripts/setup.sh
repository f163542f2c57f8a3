#!/usr/bin/env bash
# Installs what feedesk needs on a fresh Debian 12 machine (run as root). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v cc >/dev/null 2>&1 || need_apt+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
command -v git >/dev/null 2>&1 || need_apt+=(git)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)   # the tests read printed PDFs back
command -v libreoffice >/dev/null 2>&1 || need_apt+=(libreoffice-calc-nogui)   # Excel exports must open (about 45 s)
command -v lp >/dev/null 2>&1 || need_apt+=(cups cups-client)   # printing goes through CUPS
[ -e /usr/lib/cups/backend/cups-pdf ] || need_apt+=(printer-driver-cups-pdf)   # a virtual PDF printer to print to
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)   # the receipt benchmark's comparison, the console's browser tests
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)   # WebDriver for the head-office console's browser tests
python3 -m pip --version >/dev/null 2>&1 || need_apt+=(python3-pip)
command -v zbarimg >/dev/null 2>&1 || need_apt+=(zbar-tools)         # …and scan the receipt's QR code
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql-15)   # head office's database (clusters of our own)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)   # head office's demo TLS certificates
# The desktop app (Tauri 2 on WebKitGTK) and its end-to-end tests under Xvfb.
for p in libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev \
         file curl wget xvfb xauth webkit2gtk-driver fonts-noto-cjk; do
  dpkg -s "$p" >/dev/null 2>&1 || need_apt+=("$p")
done
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# openpyxl reads the Excel exports back in the tests (from PyPI; Debian's python refuses a plain pip install).
if ! python3 -c 'import openpyxl' >/dev/null 2>&1; then
  echo "setup: installing openpyxl"
  PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet openpyxl
fi

if ! command -v cargo >/dev/null 2>&1; then
  for d in "$HOME/.cargo/bin" /usr/local/cargo/bin; do
    [ -x "$d/cargo" ] && export PATH="$d:$PATH"
  done
fi
command -v cargo >/dev/null 2>&1 || { echo "setup: no Rust toolchain (cargo) found; install rustup's stable toolchain first" >&2; exit 1; }
echo "setup: $(cargo --version)"

# tauri-driver bridges WebDriver to the app's webview (E2E).
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "setup: cargo install tauri-driver"
  cargo install -q tauri-driver --locked --version 2.1.0
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || { echo "setup: Node.js 20 or newer is needed for the UI build (found $(node --version))" >&2; exit 1; }
# The UI's packages, at the locked versions. `npm install`, not `npm ci`: the lock this registry yields
# lists only this platform's optional packages (rollup's native builds), which `npm ci` refuses as
# out of sync; `npm install` keeps every locked version and fetches what the platform needs.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm install --no-audit --no-fund --loglevel=error)
fi
# The head-office console's packages (hq/console), the same way.
if [ ! -d hq/console/node_modules ] || [ hq/console/package-lock.json -nt hq/console/node_modules/.package-lock.json ]; then
  (cd hq/console && npm install --no-audit --no-fund --loglevel=error)
fi
